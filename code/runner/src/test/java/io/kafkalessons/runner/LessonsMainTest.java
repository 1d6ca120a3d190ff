package io.kafkalessons.runner;

import io.kafkalessons.sandbox.lesson.KafkaTool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's answers to good and bad command lines; none of these needs a cluster that answers. */
class LessonsMainTest {

    private static final Duration PROMPT = Duration.ofSeconds(15);
    /** Nothing to wait for: a refused connection is known in milliseconds (the JVM's start included). */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    @Test
    @DisplayName("./lessons list shows every lesson, in order, with its number and title")
    void listShowsLessonsInOrder() {
        CapturedRun run = CapturedRun.lessons("list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(" 1  Znodes", " 5  The commit log");
        assertThat(run.out().indexOf(" 1  Znodes")).isLessThan(run.out().indexOf(" 5  The commit log"));
        assertThat(run.out()).contains("runs on 3 ZooKeeper servers", "runs on 3 Kafka brokers + 1 controller");
    }

    @Test
    @DisplayName("An unknown lesson number gives one line naming it and exit code 2")
    void unknownLesson() {
        CapturedRun run = CapturedRun.lessons("42");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "lessons: there is no lesson 42 yet; ./lessons list shows the lessons there are");
    }

    @Test
    @DisplayName("An unknown command gives one line and exit code 2")
    void unknownCommand() {
        CapturedRun run = CapturedRun.lessons("lesson-one");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("lessons: unknown command 'lesson-one'; try ./lessons help");
    }

    @Test
    @DisplayName("An unknown flag gives one line naming the flag and exit code 2")
    void unknownFlag() {
        CapturedRun run = CapturedRun.lessons("5", "--bootstrap-servers", "127.0.0.1:9092");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("lesson 5: unknown option '--bootstrap-servers' (see --help)");
    }

    @Test
    @DisplayName("A Kafka flag on a ZooKeeper lesson (and the reverse) is a usage error that says which flag to use")
    void wrongKindOfCluster() {
        CapturedRun zkLesson = CapturedRun.lessons("1", "--bootstrap-server", "127.0.0.1:9092");
        assertThat(zkLesson.exitCode()).isEqualTo(2);
        assertThat(zkLesson.err()).contains("use --zookeeper host:port");
        CapturedRun kafkaLesson = CapturedRun.lessons("5", "--zookeeper", "127.0.0.1:2181");
        assertThat(kafkaLesson.exitCode()).isEqualTo(2);
        assertThat(kafkaLesson.err()).contains("use --bootstrap-server host:port");
    }

    @Test
    @DisplayName("A flag without its value is a usage error with an example")
    void missingValue() {
        CapturedRun run = CapturedRun.lessons("5", "--bootstrap-server");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "lesson 5: --bootstrap-server needs a value, e.g. --bootstrap-server 127.0.0.1:9092 (see --help)");
    }

    @Test
    @DisplayName("--help prints the lesson's usage and exits 0")
    void lessonHelp() {
        CapturedRun run = CapturedRun.lessons("5", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: ./lessons 5 [options]", "--bootstrap-server HOST:PORT");
    }

    @Test
    @DisplayName("A --bootstrap-server where nothing listens gives one readable line and exit code 1 at once")
    void unreachableKafka() {
        CapturedRun run = CapturedRun.lessons("5", "--bootstrap-server", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("lesson 5: nothing listens at 127.0.0.1:1 (connection refused);"
                + " is the cluster running, and is that a broker's client listener?");
        assertThat(run.took()).isLessThan(AT_ONCE);
    }

    @Test
    @DisplayName("A --bootstrap-server that accepts connections and never answers gives one line and exit code 1 within 15 s")
    void silentKafka() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            String address = "127.0.0.1:" + silent.getLocalPort();
            CapturedRun run = CapturedRun.lessons("5", "--bootstrap-server", address);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errLines()).containsExactly("lesson 5: no Kafka broker answered at " + address + " within 10 s;"
                    + " is the cluster running, and is that a broker's client listener?"
                    + " (a TLS or SASL listener also needs --command-config FILE with its settings)");
            assertThat(run.took()).isLessThan(PROMPT);
        }
    }

    @Test
    @DisplayName("A --bootstrap-server that is not an address gives one readable line and exit code 1 at once")
    void malformedKafkaAddress() {
        CapturedRun run = CapturedRun.lessons("5", "--bootstrap-server", "no-such-host.invalid:9092");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("lesson 5: cannot use --bootstrap-server 'no-such-host.invalid:9092'");
        assertThat(run.took()).isLessThan(PROMPT);
    }

    @Test
    @DisplayName("The workshop view: --ui on a ZooKeeper lesson, ./lessons view without a cluster or at one where nothing listens:"
            + " one line each, exit code 2, 2 and 1, at once")
    void viewBadInput() {
        CapturedRun zk = CapturedRun.lessons("1", "--ui");
        assertThat(zk.exitCode()).isEqualTo(2);
        assertThat(zk.errLines()).containsExactly("lesson 1: --ui shows a Kafka 4 cluster, and lesson 1 runs none the view can follow;"
                + " try ./lessons cluster --ui (see --help)");
        CapturedRun none = CapturedRun.of((o, e) -> ViewCommand.run(new String[0], o, e, false));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.errLines()).containsExactly("lessons view: name the cluster with --bootstrap-server HOST:PORT"
                + " (see ./lessons view --help)");
        CapturedRun nothing = CapturedRun.of((o, e) -> ViewCommand.run(new String[] {"--bootstrap-server", "127.0.0.1:1"}, o, e, false));
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.errLines()).containsExactly("lessons view: nothing listens at 127.0.0.1:1 (connection refused);"
                + " is the cluster running, and is that a broker's client listener?");
        assertThat(zk.took().plus(none.took()).plus(nothing.took())).isLessThan(AT_ONCE);
    }

    @Test
    @DisplayName("--fault-command on the lesson's own sandbox, --hosts without it, or without its value: one line, exit code 2")
    void faultCommandBadUsage() {
        assertThat(CapturedRun.lessons("7", "--fault-command", "true {id}").errLines()).containsExactly("lesson 7: --fault-command and"
                + " --hosts are for a cluster the sandbox did not start (give its address); the sandbox's own nodes are faulted"
                + " directly (see --help)");
        assertThat(CapturedRun.lessons("7", "--bootstrap-server", "127.0.0.1:1", "--hosts", "h.txt").errLines())
                .containsExactly("lesson 7: --hosts names the hosts for --fault-command, which is missing (see --help)");
        CapturedRun noValue = CapturedRun.lessons("7", "--bootstrap-server", "127.0.0.1:1", "--fault-command");
        assertThat(noValue.exitCode()).isEqualTo(2);
        assertThat(noValue.errLines()).containsExactly("lesson 7: --fault-command needs a value, e.g. --fault-command"
                + " 'aws-setup/cluster fault {id} {action}' (see --help)");
    }

    @Test
    @DisplayName("--try with an item the lesson does not apply itself, or not a number: one line naming the problem, exit code 2,"
            + " before any node starts")
    void tryBadUsage() {
        CapturedRun notApplied = CapturedRun.lessons("6", "--try", "3");
        assertThat(notApplied.exitCode()).isEqualTo(2);
        assertThat(notApplied.errLines()).containsExactly("lesson 6: its \"Try this\" 3 is not one the lesson applies itself (it"
                + " applies [1, 2]); its README says how to do it (see --help)");
        assertThat(notApplied.out()).doesNotContain("[sandbox]");
        assertThat(CapturedRun.lessons("6", "--try", "one").errLines()).containsExactly("lesson 6: --try takes the number of a"
                + " \"Try this\" item of the lesson's README, e.g. --try 1, not 'one' (see --help)");
    }

    @Test
    @DisplayName("A --zookeeper where nothing listens gives one readable line and exit code 1 at once")
    void unreachableZooKeeper() {
        CapturedRun run = CapturedRun.lessons("1", "--zookeeper", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("lesson 1: nothing listens at 127.0.0.1:1 (connection refused);"
                + " is the ensemble running, and is that its client port?");
        assertThat(run.took()).isLessThan(AT_ONCE);
    }

    @Test
    @DisplayName("Bad options of ./lessons cluster give one line and exit code 2, and start nothing")
    void clusterBadOptions() {
        CapturedRun run = CapturedRun.of((o, e) -> ClusterCommand.run(new String[] {"--brokers", "9"},
                new java.io.BufferedReader(new java.io.StringReader("")), o, e, false));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "lessons cluster: --brokers must be between 0 and 5 (see ./lessons cluster --help)");
    }

    @Test
    @DisplayName("Kafka's tools pointed at an address where nothing listens say so in one line at once")
    void toolsAgainstNothing() {
        long start = System.nanoTime();
        assertThat(KafkaTool.KAFKA_TOPICS.unreachable(new String[] {"--bootstrap-server", "127.0.0.1:1", "--list"}))
                .contains("nothing listens at 127.0.0.1:1 (connection refused);"
                        + " is the cluster running, and is that a broker's client listener?");
        assertThat(KafkaTool.KAFKA_METADATA_QUORUM.unreachable(
                new String[] {"--bootstrap-controller=127.0.0.1:1", "describe", "--status"}))
                .contains("nothing listens at 127.0.0.1:1 (connection refused);"
                        + " is the cluster running, and is that a controller's listener?");
        assertThat(KafkaTool.ZOOKEEPER_SHELL.unreachable(new String[] {"127.0.0.1:1", "ls", "/"}))
                .hasValueSatisfying(line -> assertThat(line).startsWith("nothing listens at 127.0.0.1:1 (connection refused)"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
    }

    @Test
    @DisplayName("A learner's own timeout, or no address at all, leaves the tool to Kafka without a probe")
    void toolsWithTheirOwnTimeout() {
        long start = System.nanoTime();
        assertThat(KafkaTool.KAFKA_CONSOLE_CONSUMER.unreachable(
                new String[] {"--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--timeout-ms", "1000"})).isEmpty();
        assertThat(KafkaTool.KAFKA_DUMP_LOG.unreachable(new String[] {"--files", "00000000000000000000.log"})).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("A --command-config file that is not there is named in one line before anything is contacted")
    void toolWithAMissingCommandConfig() {
        long start = System.nanoTime();
        assertThat(KafkaTool.KAFKA_TOPICS.unreachable(
                new String[] {"--bootstrap-server", "127.0.0.1:1", "--command-config", "no-such-client.properties", "--list"}))
                .contains("--command-config no-such-client.properties: no such file");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("Kafka's tools are known by their script names, with or without .sh")
    void toolNames() {
        assertThat(KafkaTool.named("kafka-topics")).contains(KafkaTool.KAFKA_TOPICS);
        assertThat(KafkaTool.named("kafka-console-consumer.sh")).contains(KafkaTool.KAFKA_CONSOLE_CONSUMER);
        assertThat(KafkaTool.named("kafka-nonsense")).isEmpty();
    }
}
