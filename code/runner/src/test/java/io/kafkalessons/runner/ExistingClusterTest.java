package io.kafkalessons.runner;

import io.kafkalessons.lesson25.ReassignTool;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.ClusterProbe;
import io.kafkalessons.testing.TryThis;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lessons run against a cluster they did not start (as against the EC2 one), and Kafka's own
 * tools run against it through the runner.
 */
class ExistingClusterTest {

    private static ZooKeeperEnsemble zk;
    private static KafkaCluster kafka;

    @BeforeAll
    static void startExistingClusters() {
        zk = ZooKeeperEnsemble.builder().servers(1).name("runner-existing-zk").start();
        kafka = KafkaCluster.builder().brokers(3).name("runner-existing-kafka").start();
    }

    @AfterAll
    static void stopClusters() {
        if (kafka != null) {
            kafka.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    @DisplayName("./lessons 1 --zookeeper HOST:PORT runs lesson 1 on that ensemble and exits 0")
    void lessonOneOnExistingEnsemble() {
        CapturedRun run = CapturedRun.lessons("1", "--zookeeper", zk.connectString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("[sandbox] using the ZooKeeper ensemble at " + zk.connectString())
                .doesNotContain("starting 3 ZooKeeper servers")
                .contains("RESULT version=1 staleUpdateRejected=true");
    }

    @Test
    @DisplayName("./lessons 5 --bootstrap-server HOST:PORT runs lesson 5 on that cluster; the disk part says it cannot see the disk")
    void lessonFiveOnExistingCluster() {
        String first = kafka.brokers().get(0).address();
        CapturedRun run = CapturedRun.lessons("5", "--bootstrap-server", first, "--ui");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("[sandbox] using the Kafka cluster at " + first + " (3 brokers)")
                .containsPattern("\\[view] watch the cluster live at http://127\\.0\\.0\\.1:\\d+/ \\(read-only: not the sandbox's cluster\\)")
                .contains("RESULT records=p0=10,p1=10,p2=10 contiguousOffsets=true")
                .contains("disk=skipped");
    }

    @Test
    @DisplayName("Lesson 14's Try this 2: on a plain cluster, step 1 finds only PLAINTEXT listeners and no authorizer, and every"
            + " other step says it was skipped and why; exit 0")
    void lessonFourteenOnAPlainCluster() {
        List<String> command = TryThis.command(Path.of("../14-security/README.md"), 2, "14",
                Map.of("127.0.0.1:9092", kafka.brokers().get(0).address()));
        CapturedRun run = CapturedRun.lessons(command.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("authorizer: none", "RESULT listeners=PLAINTEXT interBroker=PLAINTEXT controller=PLAINTEXT"
                + " wire=skipped rejected=skipped acl=skipped");
        // The SCRAM user, the wire, the refused clients and the ACLs: each step says why it did not run.
        assertThat(run.out().lines().filter(l -> l.contains("(skipped: "))).hasSize(4);
    }

    @Test
    @DisplayName("Lesson 10's Try this 3 on a cluster like ./lessons cluster --brokers 3: a killed broker 2 leaves the Isr column"
            + " of the README's describe once it is fenced (3.5 to 10 s: broker.session.timeout.ms 4 s, heartbeats every 0.5 s),"
            + " and returns after its restart")
    void killedBrokerLeavesAndRejoinsTheIsr() {
        Path readme = Path.of("../10-replication/README.md");
        // 9092 is broker 1's port in ./lessons cluster.
        Map<String, String> here = Map.of("127.0.0.1:9092", kafka.brokers().get(0).address());
        List<String> commands = TryThis.typed(readme, 3, "./lessons kafka-topics ");
        assertThat(commands).hasSize(2);
        CapturedTool created = CapturedTool.run(TryThis.command(readme, 3, "kafka-topics --bootstrap-server 127.0.0.1:9092 --create",
                here));
        assertThat(created.exitCode()).as(created.err()).isZero();
        List<String> describe = TryThis.command(readme, 3, "kafka-topics --bootstrap-server 127.0.0.1:9092 --describe", here);
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250), () -> isr(describe).equals(List.of(1, 2, 3)), () -> "no full ISR");

        Faults faults = Faults.of(kafka);
        faults.kill(2);
        try {
            Duration left = Poll.until(Duration.ofSeconds(20), Duration.ofMillis(250), () -> !isr(describe).contains(2),
                    () -> "broker 2 stayed in the ISR");
            assertThat(left).isBetween(Duration.ofMillis(3500), Duration.ofSeconds(10));
        } finally {
            faults.restart(2);
        }
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250), () -> isr(describe).contains(2), () -> "broker 2 did not return");
    }

    @Test
    @DisplayName("Lesson 13's Try this 1 on a cluster like ./lessons cluster: after a kill -9 of the active controller (a combined"
            + " node), the README's describe --status, pointed at a surviving broker, names another voter as the leader")
    void quorumAfterTheActiveControllerIsKilled() {
        Path readme = Path.of("../13-controller-and-kraft/README.md");
        CapturedTool before = CapturedTool.run(TryThis.command(readme, 1, "kafka-metadata-quorum",
                Map.of("127.0.0.1:9092", kafka.brokers().get(0).address())));
        assertThat(before.exitCode()).as(before.err()).isZero();
        int leader = leaderId(before);
        assertThat(leader).isBetween(1, 3);

        Faults faults = Faults.of(kafka);
        faults.kill(leader);
        try {
            // The README's 9093 is broker 2's port; the test asks whichever broker survived.
            String survivor = kafka.brokers().stream().filter(b -> b.id() != leader).findFirst().orElseThrow().address();
            int next = Poll.untilMatches(Duration.ofSeconds(30), Duration.ofMillis(250), () -> leaderId(CapturedTool.run(
                    TryThis.command(readme, 1, "kafka-metadata-quorum", Map.of("127.0.0.1:9092", survivor)))),
                    id -> id > 0 && id != leader, id -> "the quorum still names " + id);
            assertThat(next).isBetween(1, 3).isNotEqualTo(leader);
        } finally {
            faults.restart(leader);
            // Killed 2 s ago, it may not be fenced yet, so the broker count says nothing: wait until it answers itself.
            String restarted = kafka.node(leader).address();
            Poll.until(Duration.ofSeconds(60), Duration.ofMillis(250), () -> {
                ClusterProbe.kafka(restarted, new Properties());
                return true;
            }, () -> "broker " + leader + " did not answer after its restart");
        }
    }

    private static int leaderId(CapturedTool status) {
        return status.value("LeaderId").map(Integer::parseInt).orElse(-1);
    }

    /** The Isr column of a kafka-topics --describe of a one-partition topic. */
    private static List<Integer> isr(List<String> describe) {
        CapturedTool shown = CapturedTool.run(describe);
        Matcher m = Pattern.compile("\tIsr: ([0-9,]+)").matcher(shown.out());
        return m.find() ? Arrays.stream(m.group(1).split(",")).map(Integer::valueOf).sorted().toList() : List.of();
    }

    @Test
    @DisplayName("./lessons view --bootstrap-server HOST:PORT serves the read-only workshop view of that cluster")
    void viewOfAnExistingCluster() {
        String first = kafka.brokers().get(0).address();
        CapturedRun run = CapturedRun.of((o, e) -> ViewCommand.run(new String[] {"--bootstrap-server", first}, o, e, false));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("\\[view] 3 brokers at " + first + "; watch them at http://127\\.0\\.0\\.1:\\d+/ \\(read-only");
    }

    @Test
    @DisplayName("--fault-command that may not act on a node, or without --yes where nobody can be asked: one line, exit 1,"
            + " nothing changed")
    void faultCommandRefused() {
        CapturedRun denied = CapturedRun.lessons("7", "--bootstrap-server", kafka.bootstrapServers(), "--fault-command",
                "echo permission denied for {id}; false", "--yes");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.errLines()).containsExactly("lesson 7: the fault command cannot act on node 1: 'echo permission denied"
                + " for 1; false' exited 1 (permission denied for 1); nothing was changed");
        CapturedRun unasked = CapturedRun.lessons("7", "--bootstrap-server", kafka.bootstrapServers(), "--fault-command",
                "true {id}");
        assertThat(unasked.exitCode()).isEqualTo(1);
        assertThat(unasked.errLines()).containsExactly("lesson 7: lesson 7 would change a cluster it did not start, and there is"
                + " no terminal to ask in: add --yes to let it go ahead");
        assertThat(denied.out() + unasked.out()).doesNotContain("Step 1");
    }

    @Test
    @DisplayName("./lessons 25 --bootstrap-server HOST:PORT moves a replica onto the highest broker with a throttle, then removes"
            + " the throttle from every broker; the steps that start, place or restart brokers are skipped")
    void lessonTwentyFiveOnExistingClusterLeavesNoThrottle() throws Exception {
        CapturedRun run = CapturedRun.lessons("25", "--bootstrap-server", kafka.bootstrapServers());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("move lesson25-orders-0 from brokers [1, 2] to [1, 3] with --throttle 1000000")
                .contains("(skipped: it stops and starts brokers, so it runs only on the sandbox the lesson starts")
                .containsPattern("RESULT added=skipped moves:throttle=1000000,rate=\\d+,throttledMs=\\d+,unthrottledMs=\\d+,"
                        + "leftover=0 racks=skipped rolling=skipped");
        for (var broker : kafka.brokers()) {
            var resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.id()));
            var config = kafka.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.entries()).as("broker " + broker.id()).noneMatch(e -> e.name().endsWith(".replication.throttled.rate")
                    && e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        }
    }

    @Test
    @DisplayName("Lesson 25's Try this 1 (--try 1): the throttled move leaves its 8 settings behind, the run exits 1, and the"
            + " README's kafka-configs still shows both rates at 1000000 on broker 3 afterwards")
    void lessonTwentyFiveLeavesItsThrottleWhenAsked() throws Exception {
        Path readme = Path.of("../25-changing-a-running-cluster/README.md");
        List<String> command = TryThis.command(readme, 1, "25 --try 1", Map.of("127.0.0.1:9092", kafka.bootstrapServers()));
        CapturedRun run = CapturedRun.lessons(command.toArray(String[]::new));
        try {
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("no --verify after the move: the throttle stays, 8 settings left")
                    .containsPattern("leftover=8 ");
            CapturedTool shown = CapturedTool.run(TryThis.command(readme, 1, "kafka-configs",
                    Map.of("127.0.0.1:9092", kafka.brokers().get(0).address())));
            assertThat(shown.exitCode()).as(shown.err()).isZero();
            assertThat(shown.settings())
                    .contains("leader.replication.throttled.rate=1000000", "follower.replication.throttled.rate=1000000");
        } finally {
            // Leave no throttle for the other tests: what the lesson's own --verify step would have removed.
            List<Integer> brokers = kafka.brokers().stream().map(b -> b.id()).toList();
            ReassignTool.removeThrottles(kafka.admin(), brokers, "lesson25-orders");
        }
    }

    @Test
    @DisplayName("./lessons kafka-topics --list runs Kafka's own tool and shows the lesson's topic")
    void kafkaToolsRunThroughTheRunner() {
        ensureLessonFiveTopic();
        // TopicCommand calls Exit.exit(0) inside its own try block, so the first code is the real one.
        CapturedTool run = CapturedTool.run(List.of("kafka-topics", "--bootstrap-server", kafka.bootstrapServers(), "--list"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).contains("lesson05-commit-log");
    }

    @Test
    @DisplayName("./lessons kafka-log-dirs --describe shows the size of the lesson's partitions on every broker")
    void logDirsRunsThroughTheRunner() {
        ensureLessonFiveTopic();
        CapturedTool run = CapturedTool.run(List.of("kafka-log-dirs", "--bootstrap-server", kafka.bootstrapServers(), "--describe",
                "--topic-list", "lesson05-commit-log"));
        assertThat(run.exitCodes()).allMatch(code -> code == 0);
        // One JSON line: every broker, its log directory, and each replica's size in bytes.
        assertThat(run.out()).contains("\"broker\":1", "\"broker\":2", "\"broker\":3", "\"partition\":\"lesson05-commit-log-0\"");
    }

    @Test
    @DisplayName("./lessons zookeeper-shell HOST:PORT ls / runs ZooKeeper's own shell and lists the lesson's znodes")
    void zookeeperShellRunsThroughTheRunner() {
        CapturedRun.lessons("1", "--zookeeper", zk.connectString());
        CapturedTool run = CapturedTool.run(List.of("zookeeper-shell", zk.connectString(), "ls", "/"));
        assertThat(run.exitCodes()).as(run.out()).containsExactly(0);
        assertThat(run.out()).contains("lessons", "zookeeper");
    }

    private static boolean lessonFiveRan;

    /** Lesson 5's topic on the cluster, for the tools to show: the lesson runs once for the class. */
    private static synchronized void ensureLessonFiveTopic() {
        if (!lessonFiveRan) {
            CapturedRun.lessons("5", "--bootstrap-server", kafka.bootstrapServers());
            lessonFiveRan = true;
        }
    }
}
