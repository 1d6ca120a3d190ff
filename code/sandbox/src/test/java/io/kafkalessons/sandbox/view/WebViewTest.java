package io.kafkalessons.sandbox.view;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The workshop view on a real 3-broker sandbox: first through its HTTP API (what the page receives,
 * what a wrong action gets), then in a real headless Chromium driven by Selenium (a click on kill for
 * a partition's leader, and what the page shows after it). One cluster for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewTest {

    static KafkaCluster kafka;
    static WebView view;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startClusterViewAndTraffic() throws Exception {
        kafka = KafkaCluster.builder().brokers(3).name("view-test").start();
        view = WebView.start(WebView.Target.owned(kafka, Optional.empty()), 0);
        assertThat(post(view, "/api/traffic/start").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> view.latest().groups().stream()
                .anyMatch(g -> g.id().equals(Traffic.GROUP) && g.members().size() == 2 && g.lag() < 1000)
                && view.latest().partitions().stream().filter(p -> p.topic().equals(Traffic.TOPIC))
                .allMatch(p -> p.logEnd().size() == 3 && p.highWatermark() > 0) && view.latest().rates().produced() > 0);
    }

    @AfterAll
    static void stop() {
        Browser.quit();
        if (view != null) {
            view.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static Snapshot.GroupView group() {
        return view.latest().groups().stream().filter(g -> g.id().equals(Traffic.GROUP)).findFirst().orElseThrow();
    }

    static HttpResponse<String> post(WebView v, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(v.url()).resolve(path)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(WebView v, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(v.url()).resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    @DisplayName("The page receives every node with its role and state, one active controller, and nothing it could not read")
    void nodes() {
        Snapshot s = view.latest();
        assertThat(s.owned()).isTrue();
        assertThat(s.nodes()).extracting(Snapshot.NodeView::key).containsExactly("broker-1", "broker-2", "broker-3");
        assertThat(s.nodes()).allSatisfy(n -> {
            assertThat(n.state()).isEqualTo("running");
            assertThat(n.fenced()).isFalse();
            assertThat(n.roles()).isEqualTo("broker,controller");
        });
        assertThat(s.nodes()).filteredOn(Snapshot.NodeView::leader).hasSize(1);
        assertThat(s.problems()).isEmpty();
    }

    @Test
    @Order(2)
    @DisplayName("Each partition shows its leader, leader epoch, 3 replicas all in sync, the high watermark and each replica's log end")
    void partitions() {
        assertThat(view.latest().partitions()).filteredOn(p -> p.topic().equals(Traffic.TOPIC)).hasSize(3).allSatisfy(p -> {
            assertThat(p.replicas()).hasSize(3).contains(p.leader());
            assertThat(p.isr()).containsExactlyInAnyOrderElementsOf(p.replicas());
            assertThat(p.leaderEpoch()).isGreaterThanOrEqualTo(0);
            assertThat(p.logEnd().keySet()).containsExactlyInAnyOrderElementsOf(p.replicas());
            // The leader's log end is at or past the high watermark, which no replica in sync is far behind.
            assertThat(p.logEnd().get(p.leader())).isGreaterThanOrEqualTo(p.highWatermark());
        });
    }

    @Test
    @Order(3)
    @DisplayName("The traffic generator's group shows 2 members sharing the 3 partitions, with records produced and consumed per second")
    void groupAndRates() {
        // With the consumer protocol a partition moves in two steps (revoked, then assigned): wait for a settled assignment.
        await().atMost(Duration.ofSeconds(15)).until(() -> group().members().stream().mapToInt(m -> m.partitions().size()).sum() == 3);
        Snapshot s = view.latest();
        Snapshot.GroupView group = group();
        assertThat(group.members()).hasSize(2);
        assertThat(group.epoch()).isPositive();
        assertThat(s.rates().produced()).isPositive();
        assertThat(s.traffic().acknowledged()).isPositive();
        assertThat(s.traffic().failed()).isZero();
    }

    @Test
    @Order(4)
    @DisplayName("A node or action that does not exist, a GET, or a POST from another web page gets one plain sentence and the view"
            + " goes on; no node was touched")
    void badActions() throws Exception {
        assertThat(post(view, "/api/nodes/broker-9/kill").body()).contains("there is no node 'broker-9'");
        assertThat(post(view, "/api/nodes/broker-1/explode").body()).contains("unknown action 'explode'");
        assertThat(post(view, "/api/nodes/broker-1/resume").body()).contains("is not paused");
        assertThat(get(view, "/api/nodes/broker-1/kill").statusCode()).isEqualTo(405);
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(view.url()).resolve("/api/nodes/broker-1/kill"))
                .header("Origin", "http://attacker.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("only from the view's own page");
        assertThat(get(view, "/nothing-here").statusCode()).isEqualTo(404);
        assertThat(get(view, "/api/state").statusCode()).isEqualTo(200);
        assertThat(kafka.nodes()).allSatisfy(n -> assertThat(n.isRunning()).isTrue());
    }

    @Test
    @Order(5)
    @DisplayName("On a cluster it does not own the view is read-only: no traffic, no actions, and no log ends it cannot read")
    void readOnly() throws Exception {
        try (WebView other = WebView.start(WebView.Target.readOnly(kafka.bootstrapServers(), new Properties()), 0)) {
            assertThat(other.latest().owned()).isFalse();
            assertThat(other.latest().nodes()).extracting(Snapshot.NodeView::state).containsOnly("registered");
            assertThat(other.latest().partitions()).isNotEmpty().allSatisfy(p -> assertThat(p.logEnd()).isEmpty());
            assertThat(other.latest().traffic().available()).isFalse();
            HttpResponse<String> kill = post(other, "/api/nodes/broker-1/kill");
            assertThat(kill.statusCode()).isEqualTo(403);
            assertThat(kill.body()).contains("read-only");
            assertThat(post(other, "/api/traffic/start").statusCode()).isEqualTo(403);
        }
    }

    @Test
    @Order(6)
    @DisplayName("A port in use: the view takes a free one; a cluster that does not answer: the page says so and the view stays up")
    void portTakenAndClusterSilent() throws Exception {
        int taken = URI.create(view.url()).getPort();
        try (ServerSocket nobody = new ServerSocket(0, 1, java.net.InetAddress.getByName(Ports.HOST));
             WebView second = WebView.start(WebView.Target.readOnly(Ports.HOST + ":" + nobody.getLocalPort(), new Properties()), taken)) {
            assertThat(URI.create(second.url()).getPort()).isNotEqualTo(taken);
            assertThat(second.latest().problems()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).containsAnyOf("did not answer", "failed"));
            assertThat(get(second, "/api/state").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(7)
    @DisplayName("In Chromium: the page shows 3 brokers; a click on kill for a partition's leader shows a new leader and a shrunken ISR, and the timeline says so")
    void killTheLeaderFromThePage() throws Exception {
        Browser page = Browser.open(view.url());
        page.awaitText("[data-node]", 3);
        String partition = Traffic.TOPIC + "-0";
        int leader = Integer.parseInt(page.attribute("[data-partition='" + partition + "']", "data-leader"));
        long clicked = System.nanoTime();
        page.click("[data-node='broker-" + leader + "'] button[data-action='kill']");
        kafka.awaitNewPartitionLeader(Traffic.TOPIC, 0, leader, Duration.ofSeconds(30));
        long elected = (System.nanoTime() - clicked) / 1_000_000;
        page.await(Duration.ofSeconds(30), () -> {
            String now = page.attribute("[data-partition='" + partition + "']", "data-leader");
            return !now.equals(Integer.toString(leader)) && !now.equals("-1");
        });
        long millis = (System.nanoTime() - clicked) / 1_000_000;
        System.out.printf("[view] kill clicked -> new leader of %s seen by an admin client within %d ms, on the page in %d ms%n",
                partition, elected, millis);
        String row = "[data-partition='" + partition + "']";
        page.await(Duration.ofSeconds(30), () -> page.attribute(row, "data-isr").split(",").length == 2);
        assertThat(page.attribute(row, "data-isr").split(","))
                .doesNotContain(Integer.toString(leader));
        assertThat(page.attribute("[data-node='broker-" + leader + "']", "data-state")).isEqualTo("down");
        page.await(Duration.ofSeconds(10), () -> page.text("#timeline").contains(partition + ": leader " + leader + " -> "));
        assertThat(page.text("#timeline")).contains(partition + ": ISR shrank")
                .contains("broker " + leader + ": kill (kill -9) through the view");
        page.screenshot(java.nio.file.Path.of(System.getProperty("view.screenshot", "target/workshop-view.png")));
        killed = leader;
    }

    static int killed = -1;

    @Test
    @Order(8)
    @DisplayName("In Chromium: kill on a broker that is already down says so on the page; restart brings it back into every ISR")
    void deadNodeThenRestart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(killed > 0, "runs after the kill");
        Browser page = Browser.open(view.url());
        page.awaitText("[data-node]", 3);
        page.click("[data-node='broker-" + killed + "'] button[data-action='kill']");
        page.await(Duration.ofSeconds(5), () -> page.text("#message").contains("broker " + killed + " is already down"));
        page.click("[data-node='broker-" + killed + "'] button[data-action='restart']");
        page.await(Duration.ofSeconds(60), () -> view.latest().partitions().stream().filter(p -> p.topic().equals(Traffic.TOPIC))
                .allMatch(p -> p.isr().size() == 3));
        page.await(Duration.ofSeconds(5), () -> page.text("#timeline").contains("ISR grew"));
        assertThat(view.latest().traffic().failed()).isZero();
    }
}
