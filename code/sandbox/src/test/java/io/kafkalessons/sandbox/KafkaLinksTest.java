package io.kafkalessons.sandbox;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cluster whose every link goes through a relay of the sandbox: cut, healed, and the faults each shows. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaLinksTest {

    private static final String TOPIC = "sandbox-links";
    private static KafkaCluster kafka;
    private static int leader;

    @BeforeAll
    static void startCluster() throws Exception {
        kafka = KafkaCluster.builder().brokers(3).name("sandbox-links-test").cuttableLinks().start();
        // The leader is not the active controller: cutting it off fences it, without a controller election first.
        int controller = kafka.activeController().orElseThrow();
        leader = controller % 3 + 1;
        kafka.admin().createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(leader, leader % 3 + 1, (leader + 1) % 3 + 1)))))
                .all().get(30, TimeUnit.SECONDS);
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> partition().isr().size() == 3, () -> "ISR never full");
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("Clients and the other brokers reach a broker only at its relays: its advertised addresses are not the ports it listens on")
    void everyLinkIsRelayed() throws Exception {
        KafkaNode node = kafka.node(leader);
        String config = Files.readString(node.configFile());
        String listeners = config.lines().filter(l -> l.startsWith("listeners=")).findFirst().orElseThrow();
        String advertised = config.lines().filter(l -> l.startsWith("advertised.listeners=")).findFirst().orElseThrow();
        assertThat(listeners).doesNotContain(node.address()).contains("CONTROLLER://", "FROM_1://", "FROM_2://", "FROM_3://");
        assertThat(advertised).contains("PLAINTEXT://" + node.address());
        assertThat(config).contains("inter.broker.listener.name=FROM_" + leader);
        // Another broker reaches this one's controller listener through a relay too.
        String otherVoters = Files.readString(kafka.node(leader % 3 + 1).configFile()).lines()
                .filter(l -> l.startsWith("controller.quorum.voters=")).findFirst().orElseThrow();
        assertThat(otherVoters).contains(leader + "@127.0.0.1:").doesNotContain(leader + "@127.0.0.1:" + node.controllerPort() + ",");
    }

    @Test
    @Order(2)
    @DisplayName("A leader cut off from every other node and from the clients is fenced after broker.session.timeout.ms, 4 s here;"
            + " another replica leads; healed, it is unfenced and back in the ISR")
    void isolatedLeaderIsFencedAndReplaced() throws Exception {
        long start = System.nanoTime();
        kafka.links().isolate(leader);
        // From the clients too: a broker cut off from the controller still answers from the metadata it had (lesson 20 shows
        // that); here every answer must come from the other side.
        kafka.links().cut(KafkaLinks.CLIENTS, leader);
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
            TopicPartitionInfo p = partition();
            return p.leader() != null && p.leader().id() != leader;
        }, () -> "no new leader within 30 s of the cut");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("broker %d cut off; another replica leads %d ms later%n", leader, millis);
        // The last heartbeat came at most 500 ms (broker.heartbeat.interval.ms) before the cut.
        assertThat(millis).isBetween(3500L, 15_000L);
        assertThat(fencedBrokers()).containsExactly(leader);
        assertThat(partition().isr()).extracting(Node::id).doesNotContain(leader).hasSize(2);

        // Heal the links between nodes first, and wait with the clients still cut off from the healed broker: until it has
        // caught up, it would answer with the metadata it had before the cut (ISR full, nobody fenced), which is no proof.
        kafka.brokers().stream().map(KafkaNode::id).filter(id -> id != leader).forEach(id -> kafka.links().heal(leader, id));
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> fencedBrokers().isEmpty() && partition().isr().size() == 3,
                () -> "broker " + leader + " never came back into the ISR after the heal");
        kafka.links().heal();
        assertThat(partition().isr()).extracting(Node::id).contains(leader);
    }

    @Test
    @Order(3)
    @DisplayName("A link names two different nodes of the cluster; a secured cluster cannot have cuttable links; a plain one has no links() without them")
    void badLinksAreRefused() {
        assertThatThrownBy(() -> kafka.links().cut(1, 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node 9 in this cluster; nodes: [1, 2, 3]");
        assertThatThrownBy(() -> kafka.links().cutOneWay(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a link joins two different nodes, not 2 and itself");
        assertThatThrownBy(() -> KafkaCluster.builder().secured().cuttableLinks().start()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain listeners only");
    }

    private static TopicPartitionInfo partition() throws Exception {
        return kafka.admin().describeTopics(List.of(TOPIC)).allTopicNames().get(5, TimeUnit.SECONDS).get(TOPIC).partitions().get(0);
    }

    private static Collection<Integer> fencedBrokers() throws Exception {
        return kafka.admin().describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)).nodes().get(5, TimeUnit.SECONDS)
                .stream().filter(Node::isFenced).map(Node::id).toList();
    }
}
