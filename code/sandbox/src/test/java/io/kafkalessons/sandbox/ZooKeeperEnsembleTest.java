package io.kafkalessons.sandbox;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperEnsembleTest {

    private static ZooKeeperEnsemble zk;
    private static long bootMillis;

    @BeforeAll
    static void startEnsemble() {
        long start = System.nanoTime();
        zk = ZooKeeperEnsemble.builder().servers(3).name("sandbox-zk-test").start();
        bootMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("3-server ZooKeeper ensemble ready in %d ms%n", bootMillis);
    }

    @AfterAll
    static void stopEnsemble() {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("A 3-server ensemble starts with exactly one leader and two followers, each in its own process")
    void oneLeaderTwoFollowers() {
        List<Optional<String>> modes = zk.servers().stream().map(ZooKeeperServer::mode).toList();
        assertThat(modes).containsExactlyInAnyOrder(Optional.of("leader"), Optional.of("follower"), Optional.of("follower"));
        assertThat(zk.servers().stream().map(ZooKeeperServer::pid).distinct()).hasSize(3);
        assertThat(zk.servers()).allSatisfy(s -> assertThat(s.logFile()).exists());
    }

    @Test
    @Order(2)
    @DisplayName("Killing the ZooKeeper leader (kill -9) elects a new leader, and writes still succeed")
    void killingTheLeaderElectsANewOne() throws Exception {
        int formerLeader = zk.leaderId().orElseThrow();
        zk.server(formerLeader).kill();
        assertThat(zk.server(formerLeader).state()).isEqualTo(SandboxNode.State.STOPPED);

        Duration election = zk.awaitNewLeader(formerLeader, Duration.ofSeconds(30));
        System.out.printf("new ZooKeeper leader %d elected %d ms after killing %d%n",
                zk.leaderId().getAsInt(), election.toMillis(), formerLeader);

        assertThat(zk.leaderId()).isPresent();
        assertThat(zk.leaderId().getAsInt()).isNotEqualTo(formerLeader);
        try (ZooKeeper client = connect(zk.connectString())) {
            String path = client.create("/after-failover", "ok".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThat(path).isEqualTo("/after-failover");
        }
    }

    @Test
    @Order(3)
    @DisplayName("A killed server restarts with its data and rejoins as a follower")
    void restartedServerRejoins() throws Exception {
        ZooKeeperServer stopped = zk.servers().stream().filter(s -> !s.isRunning()).findFirst().orElseThrow();
        stopped.restart();
        zk.awaitQuorum(Duration.ofSeconds(30));
        assertThat(stopped.mode()).contains("follower");
        try (ZooKeeper client = connect(stopped.address())) {
            client.sync("/after-failover");
            assertThat(new String(client.getData("/after-failover", false, null))).isEqualTo("ok");
        }
    }

    @Test
    @Order(4)
    @DisplayName("A paused server stops answering and serves again after resume")
    void pauseAndResume() {
        ZooKeeperServer follower = zk.servers().stream()
                .filter(s -> s.mode().filter("follower"::equals).isPresent()).findFirst().orElseThrow();
        follower.pause();
        assertThat(follower.state()).isEqualTo(SandboxNode.State.PAUSED);
        assertThat(follower.mode()).isEmpty();
        follower.resume();
        assertThat(follower.state()).isEqualTo(SandboxNode.State.RUNNING);
        zk.awaitQuorum(Duration.ofSeconds(30));
        assertThat(follower.mode()).isPresent();
    }

    static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper client = new ZooKeeper(connectString, 4000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertThat(connected.await(15, TimeUnit.SECONDS)).as("connected to " + connectString).isTrue();
        return client;
    }

    @Test
    @Order(5)
    @DisplayName("An ensemble can add non-voting observers: they serve clients and report mode 'observer'")
    void observers() throws Exception {
        try (ZooKeeperEnsemble withObserver = ZooKeeperEnsemble.builder().servers(3).observers(1).name("sandbox-zk-observer").start()) {
            ZooKeeperServer observer = withObserver.server(4);
            assertThat(observer.isObserver()).isTrue();
            assertThat(observer.mode()).contains("observer");
            try (ZooKeeper client = connect(observer.address())) {
                assertThat(client.create("/via-observer", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                        .isEqualTo("/via-observer");
            }
        }
    }
}
