package io.kafkalessons.sandbox.lesson;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka's and ZooKeeper's own command-line tools, run from the runner's classpath under the
 * names of their scripts, so learners type the same commands as on a real installation.
 */
public enum KafkaTool {
    KAFKA_TOPICS("kafka-topics", "org.apache.kafka.tools.TopicCommand", "create, list, describe and delete topics"),
    KAFKA_CONSOLE_PRODUCER("kafka-console-producer", "org.apache.kafka.tools.ConsoleProducer", "type records into a topic"),
    KAFKA_CONSOLE_CONSUMER("kafka-console-consumer", "org.apache.kafka.tools.consumer.ConsoleConsumer", "print records of a topic"),
    KAFKA_CONSUMER_GROUPS("kafka-consumer-groups", "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
            "list groups, show their offsets and lag, reset offsets"),
    KAFKA_SHARE_GROUPS("kafka-share-groups", "org.apache.kafka.tools.consumer.group.ShareGroupCommand",
            "list share groups, their members and the state of their records"),
    KAFKA_METADATA_QUORUM("kafka-metadata-quorum", "org.apache.kafka.tools.MetadataQuorumCommand",
            "show the KRaft controller quorum and who leads it"),
    KAFKA_GET_OFFSETS("kafka-get-offsets", "org.apache.kafka.tools.GetOffsetShell", "print the offsets of partitions"),
    KAFKA_CONFIGS("kafka-configs", "org.apache.kafka.tools.ConfigCommand", "show and change topic and broker settings"),
    KAFKA_LEADER_ELECTION("kafka-leader-election", "org.apache.kafka.tools.LeaderElectionCommand",
            "trigger a preferred or unclean leader election"),
    KAFKA_DUMP_LOG("kafka-dump-log", "org.apache.kafka.tools.DumpLogSegments", "decode a segment file (.log, .index) on disk"),
    KAFKA_LOG_DIRS("kafka-log-dirs", "org.apache.kafka.tools.LogDirsCommand",
            "show each broker's log directories and the size of every partition in them"),
    KAFKA_REASSIGN_PARTITIONS("kafka-reassign-partitions", "org.apache.kafka.tools.reassign.ReassignPartitionsCommand",
            "move partition replicas between brokers: plan, execute, verify"),
    KAFKA_ACLS("kafka-acls", "org.apache.kafka.tools.AclCommand", "list, add and remove ACLs (who may do what)"),
    KAFKA_PRODUCER_PERF_TEST("kafka-producer-perf-test", "org.apache.kafka.tools.ProducerPerformance",
            "write records as fast as asked and report throughput and latency"),
    KAFKA_CONSUMER_PERF_TEST("kafka-consumer-perf-test", "org.apache.kafka.tools.ConsumerPerformance",
            "read records as fast as possible and report throughput"),
    KAFKA_STORAGE("kafka-storage", "kafka.tools.StorageTool", "make a cluster id and format a node's log directory"),
    KAFKA_SERVER_START("kafka-server-start", "kafka.Kafka", "run one Kafka node in this terminal from a server.properties"),
    KAFKA_STREAMS_APPLICATION_RESET("kafka-streams-application-reset", "org.apache.kafka.tools.StreamsResetter",
            "rewind a stopped Streams application to its inputs' start and delete its internal topics"),
    CONNECT_STANDALONE("connect-standalone", "org.apache.kafka.connect.cli.ConnectStandalone",
            "run one Kafka Connect worker in this terminal from a worker.properties (offsets in a local file)"),
    CONNECT_DISTRIBUTED("connect-distributed", "org.apache.kafka.connect.cli.ConnectDistributed",
            "run a Kafka Connect worker of a distributed group in this terminal from a worker.properties"),
    ZOOKEEPER_SHELL("zookeeper-shell", "org.apache.zookeeper.ZooKeeperMain", "an interactive ZooKeeper client (ls, get, create)");

    private final String command;
    private final String mainClass;
    private final String description;

    KafkaTool(String command, String mainClass, String description) {
        this.command = command;
        this.mainClass = mainClass;
        this.description = description;
    }

    public String command() {
        return command;
    }

    public String description() {
        return description;
    }

    /** Accepts the script name with or without {@code .sh}: {@code kafka-topics} or {@code kafka-topics.sh}. */
    public static Optional<KafkaTool> named(String name) {
        String bare = name.endsWith(".sh") ? name.substring(0, name.length() - 3) : name;
        return Arrays.stream(values()).filter(t -> t.command.equals(bare)).findFirst();
    }

    /**
     * Checks, within about 10 s, that the cluster the arguments name answers; Kafka's tools would
     * otherwise wait for their own default of a minute or more. The probe uses the client settings
     * of {@code --command-config FILE} (TLS, SASL), so a wrong password or a missing key store is
     * named in one line too. Returns the one-line problem, or empty when something answers, when no
     * address is given, or when the learner set a timeout of their own.
     */
    public Optional<String> unreachable(String[] args) {
        if (Arrays.stream(args).anyMatch(a -> a.toLowerCase(Locale.ROOT).contains("timeout"))) {
            return Optional.empty();
        }
        try {
            if (this == ZOOKEEPER_SHELL) {
                if (args.length > 0 && !args[0].startsWith("-")) {
                    ClusterProbe.zookeeper(args[0]);
                }
            } else if (this != KAFKA_DUMP_LOG) {
                Optional<String> brokers = valueOf(args, "--bootstrap-server");
                Optional<String> controllers = valueOf(args, "--bootstrap-controller");
                Optional<String> config = valueOf(args, "--command-config");
                if (brokers.isPresent()) {
                    ClusterProbe.kafka(brokers.get(), config.map(CommandConfig::read).orElseGet(Properties::new));
                } else if (controllers.isPresent()) {
                    ClusterProbe.kafkaControllers(controllers.get());
                }
            }
            return Optional.empty();
        } catch (UnreachableClusterException | UsageException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The value of {@code --flag VALUE} or {@code --flag=VALUE}, if given. */
    private static Optional<String> valueOf(String[] args, String flag) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(flag) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith(flag + "=")) {
                return Optional.of(args[i].substring(flag.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** Runs the tool's main in this JVM; the tool decides the exit code (most call System.exit). */
    public void run(String[] args) throws Throwable {
        // Like Kafka's zookeeper-shell.sh: the first argument is the server, passed as "-server HOST:PORT". And it
        // waits for its session before it runs a command: without that, a command given on the command line is
        // sent at once and fails with ConnectionLoss when the session takes a moment (a server just restarted).
        String[] toolArgs = this == ZOOKEEPER_SHELL ? prepend("-waitforconnection", prepend("-server", args)) : args;
        try {
            Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) toolArgs);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
