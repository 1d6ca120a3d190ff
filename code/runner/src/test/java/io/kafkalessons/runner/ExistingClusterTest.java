package io.kafkalessons.runner;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.zookeeper.util.ServiceUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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
    @DisplayName("./lessons kafka-topics --list runs Kafka's own tool and shows the lesson's topic")
    void kafkaToolsRunThroughTheRunner() throws Throwable {
        ensureLessonFiveTopic();
        // TopicCommand calls Exit.exit(0) inside its own try block, so the first code is the real one.
        KafkaToolRun run = kafkaTool("kafka-topics", "--bootstrap-server", kafka.bootstrapServers(), "--list");
        assertThat(run.exitCodes()).first().isEqualTo(0);
        assertThat(run.shown().lines()).contains("lesson05-commit-log");
    }

    @Test
    @DisplayName("./lessons kafka-log-dirs --describe shows the size of the lesson's partitions on every broker")
    void logDirsRunsThroughTheRunner() throws Throwable {
        ensureLessonFiveTopic();
        KafkaToolRun run = kafkaTool("kafka-log-dirs", "--bootstrap-server", kafka.bootstrapServers(), "--describe",
                "--topic-list", "lesson05-commit-log");
        assertThat(run.exitCodes()).allMatch(code -> code == 0);
        // One JSON line: every broker, its log directory, and each replica's size in bytes.
        assertThat(run.shown()).contains("\"broker\":1", "\"broker\":2", "\"broker\":3", "\"partition\":\"lesson05-commit-log-0\"");
    }

    @Test
    @DisplayName("./lessons zookeeper-shell HOST:PORT ls / runs ZooKeeper's own shell and lists the lesson's znodes")
    void zookeeperShellRunsThroughTheRunner() throws Throwable {
        CapturedRun.lessons("1", "--zookeeper", zk.connectString());
        List<Integer> exitCodes = new CopyOnWriteArrayList<>();
        ServiceUtils.setSystemExitProcedure(exitCodes::add);
        String shown;
        try {
            shown = toolOutput("zookeeper-shell", zk.connectString(), "ls", "/");
        } finally {
            ServiceUtils.setSystemExitProcedure(ServiceUtils.SYSTEM_EXIT);
        }
        assertThat(exitCodes).as(shown).containsExactly(0);
        assertThat(shown).contains("lessons", "zookeeper");
    }

    private static boolean lessonFiveRan;

    /** Lesson 5's topic on the cluster, for the tools to show: the lesson runs once for the class. */
    private static synchronized void ensureLessonFiveTopic() {
        if (!lessonFiveRan) {
            CapturedRun.lessons("5", "--bootstrap-server", kafka.bootstrapServers());
            lessonFiveRan = true;
        }
    }

    /** What a Kafka tool printed, and the exit codes it asked for (Kafka's Exit, turned into {@link ToolExited}). */
    private record KafkaToolRun(List<Integer> exitCodes, String shown) {
    }

    private static KafkaToolRun kafkaTool(String tool, String... args) throws Throwable {
        List<Integer> exitCodes = new CopyOnWriteArrayList<>();
        Exit.setExitProcedure((code, message) -> {
            exitCodes.add(code);
            throw new ToolExited(code);
        });
        try {
            return new KafkaToolRun(exitCodes, toolOutput(tool, args));
        } finally {
            Exit.resetExitProcedure();
        }
    }

    /** Runs a tool in this JVM and returns what it printed; a {@link ToolExited} ends it like an exit would. */
    private static String toolOutput(String tool, String... args) throws Throwable {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            KafkaTool.named(tool).orElseThrow().run(args);
        } catch (ToolExited exited) {
            // the tool's System.exit, turned into an exception by the test
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Thrown instead of System.exit while a tool runs inside the test JVM. */
    private static final class ToolExited extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolExited(int code) {
            super("exit " + code, null, false, false);
        }
    }
}
