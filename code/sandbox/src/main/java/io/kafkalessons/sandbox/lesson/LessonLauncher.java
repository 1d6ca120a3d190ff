package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.KafkaNode;
import io.kafkalessons.sandbox.SandboxCluster;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Runs one lesson from the command line: parses the common flags, starts a sandbox sized for
 * the lesson (or probes the cluster the learner named), runs it, prints the RESULT line and
 * turns the outcome into an exit code: 0 as expected, 1 failed or unexpected, 2 bad usage.
 */
public final class LessonLauncher {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private LessonLauncher() {
    }

    /** Parsed command line of a lesson. */
    record Options(String bootstrapServers, String zookeeper, Properties commandConfig, boolean verbose, boolean ui, boolean help) {
    }

    /** Entry point for a lesson's {@code main}: runs it and exits with its code. */
    public static void main(LessonEntry lesson, String[] args) {
        System.exit(launch(lesson, args, System.out, System.err));
    }

    public static int launch(LessonEntry lesson, String[] args, PrintStream out, PrintStream err) {
        LessonInfo info = lesson.info();
        Options options;
        try {
            options = parse(info, args);
        } catch (UsageException e) {
            err.println("lesson " + info.number() + ": " + e.getMessage() + " (see --help)");
            return USAGE;
        }
        if (options.help()) {
            out.print(usage(info));
            return OK;
        }
        if (options.verbose()) {
            beVerbose();
        }
        Narrator narrator = Narrator.to(out);
        List<SandboxCluster<?>> started = new ArrayList<>();
        try {
            narrator.line("Lesson %d: %s", info.number(), info.title());
            LessonContext context = connect(info, options, narrator, started);
            try (WorkshopView view = WorkshopView.startIf(options.ui(), context, out)) {
                narrator.line("");
                try (Clients.Run ignored = Clients.useForThisRun(context.clientConfig())) {
                    int code = runAndReport(lesson, context, err);
                    view.holdUntilEnter(System.in);
                    return code;
                }
            }
        } catch (UnreachableClusterException e) {
            err.println("lesson " + info.number() + ": " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("lesson " + info.number() + " failed: " + describe(e)
                    + (options.verbose() ? "" : " (run with --verbose for details)"));
            if (options.verbose()) {
                e.printStackTrace(err);
            }
            return FAILED;
        } finally {
            started.forEach(SandboxCluster::close);
        }
    }

    /**
     * Starts the sandbox the lesson needs (adding it to {@code started}, which the caller closes),
     * or probes the cluster the learner named; returns where the lesson runs.
     */
    private static LessonContext connect(LessonInfo info, Options options, Narrator narrator, List<SandboxCluster<?>> started) {
        Needs needs = info.needs();
        String zkConnect = options.zookeeper();
        ZooKeeperEnsemble zk = null;
        if (needs.zookeeper() && zkConnect == null) {
            zk = startZooKeeper(info, narrator);
            started.add(zk);
            zkConnect = zk.connectString();
        } else if (needs.zookeeper()) {
            ClusterProbe.zookeeper(zkConnect);
            narrator.sandbox("using the ZooKeeper ensemble at %s", zkConnect);
        }
        String bootstrap = options.bootstrapServers();
        Properties clientConfig = options.commandConfig();
        KafkaCluster kafka = null;
        if (needs.kafka() && bootstrap == null) {
            kafka = startKafka(info, narrator);
            started.add(0, kafka);
            bootstrap = kafka.bootstrapServers();
            clientConfig = kafka.clientConfig();
        } else if (needs.kafka()) {
            int brokers = ClusterProbe.kafka(bootstrap, clientConfig);
            narrator.sandbox("using the Kafka cluster at %s (%d broker%s)", bootstrap, brokers, brokers == 1 ? "" : "s");
        }
        return new LessonContext(narrator, zkConnect, bootstrap, clientConfig, Optional.ofNullable(zk), Optional.ofNullable(kafka));
    }

    /** Runs the lesson, prints its RESULT line, and turns its outcome into an exit code. */
    private static int runAndReport(LessonEntry lesson, LessonContext context, PrintStream err) throws Exception {
        LessonResult result = lesson.run(context);
        context.narrator().line("");
        context.narrator().line("RESULT %s", result.summary());
        if (!result.asExpected()) {
            err.println("lesson " + lesson.info().number() + ": the run did not show what the lesson expects; see the steps above");
            return FAILED;
        }
        return OK;
    }

    private static ZooKeeperEnsemble startZooKeeper(LessonInfo info, Narrator narrator) {
        Needs needs = info.needs();
        narrator.sandbox("starting %d ZooKeeper server%s on 127.0.0.1 ...", needs.zookeeperServers(),
                needs.zookeeperServers() == 1 ? "" : "s");
        long start = System.nanoTime();
        ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().servers(needs.zookeeperServers()).name(info.folder()).start();
        narrator.sandbox("ready in %.1f s at %s (server logs: %s)", seconds(start), zk.connectString(), zk.logFolder());
        return zk;
    }

    private static KafkaCluster startKafka(LessonInfo info, Narrator narrator) {
        Needs needs = info.needs();
        narrator.sandbox("starting %d Kafka broker%s (KRaft) on 127.0.0.1 ...", needs.kafkaBrokers(),
                needs.kafkaBrokers() == 1 ? "" : "s");
        long start = System.nanoTime();
        KafkaCluster kafka = needs.kafkaSetup().apply(KafkaCluster.builder().brokers(needs.kafkaBrokers()).name(info.folder()))
                .start();
        narrator.sandbox("ready in %.1f s at %s (broker logs: %s)", seconds(start), kafka.bootstrapServers(), kafka.logFolder());
        List<Integer> separate = kafka.controllers().stream().filter(n -> !n.role().isBroker()).map(KafkaNode::id).toList();
        if (!separate.isEmpty()) {
            narrator.sandbox("plus %d separate controller%s, nodes %s", separate.size(), separate.size() == 1 ? "" : "s", separate);
        }
        if (!kafka.unstartedSpares().isEmpty()) {
            narrator.sandbox("plus broker %s, configured but not started: the lesson starts it",
                    kafka.unstartedSpares().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return kafka;
    }

    static Options parse(LessonInfo info, String[] args) {
        String bootstrap = null;
        String zookeeper = null;
        Properties commandConfig = new Properties();
        boolean verbose = false;
        boolean ui = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--bootstrap-server" -> {
                    require(info.needs().kafka(), "this lesson uses ZooKeeper, not Kafka: use --zookeeper host:port");
                    bootstrap = value != null ? value : next(args, ++i, arg);
                }
                case "--zookeeper" -> {
                    require(info.needs().zookeeper(), "this lesson uses Kafka, not ZooKeeper: use --bootstrap-server host:port");
                    zookeeper = value != null ? value : next(args, ++i, arg);
                }
                case "--command-config" -> {
                    require(info.needs().kafka(), "this lesson uses ZooKeeper only; --command-config holds Kafka client settings");
                    commandConfig = CommandConfig.read(value != null ? value : next(args, ++i, arg));
                }
                case "--verbose", "-v" -> verbose = true;
                case "--ui" -> ui = requireKafkaForView(info);
                case "--help", "-h" -> help = true;
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        if ((bootstrap != null && bootstrap.isBlank()) || (zookeeper != null && zookeeper.isBlank())) {
            throw new UsageException("an address must not be empty");
        }
        if (!commandConfig.isEmpty() && bootstrap == null) {
            throw new UsageException("--command-config goes with --bootstrap-server (the sandbox makes its own settings)");
        }
        return new Options(bootstrap, zookeeper, commandConfig, verbose, ui, help);
    }

    private static boolean requireKafkaForView(LessonInfo info) {
        require(info.needs().kafka(), "--ui shows a Kafka 4 cluster, and lesson " + info.number()
                + " runs none the view can follow; try ./lessons cluster --ui");
        return true;
    }

    private static void require(boolean condition, String otherwise) {
        if (!condition) {
            throw new UsageException(otherwise);
        }
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            String example = switch (flag) {
                case "--zookeeper" -> "127.0.0.1:2181";
                case "--command-config" -> "client.properties";
                default -> "127.0.0.1:9092";
            };
            throw new UsageException(flag + " needs a value, e.g. " + flag + " " + example);
        }
        return args[i];
    }

    static String usage(LessonInfo info) {
        Needs needs = info.needs();
        StringBuilder s = new StringBuilder();
        s.append("Lesson ").append(info.number()).append(": ").append(info.title()).append("\n\n");
        s.append("Usage: ./lessons ").append(info.number()).append(" [options]\n\n");
        s.append("Without options the lesson starts its own sandbox on 127.0.0.1 (");
        if (needs.zookeeper()) {
            s.append(needs.zookeeperServers()).append(" ZooKeeper server").append(needs.zookeeperServers() == 1 ? "" : "s");
        }
        if (needs.zookeeper() && needs.kafka()) {
            s.append(" and ");
        }
        if (needs.kafka()) {
            s.append(needs.kafkaBrokers()).append(" Kafka broker").append(needs.kafkaBrokers() == 1 ? "" : "s");
        }
        s.append(") and removes it afterwards; a run takes about ").append(info.seconds()).append(" s.\n\n");
        s.append("Options:\n");
        if (needs.kafka()) {
            s.append("  --bootstrap-server HOST:PORT[,...]  run against an existing Kafka cluster instead\n");
            s.append("  --command-config FILE               client settings for it (TLS, SASL), as Kafka's tools take them\n");
        }
        if (needs.zookeeper()) {
            s.append("  --zookeeper HOST:PORT[,...]         run against an existing ZooKeeper ensemble instead\n");
        }
        if (needs.kafka()) {
            s.append("  --ui                                watch the cluster live in a browser while the lesson runs\n");
        }
        s.append("  --verbose                           show client logs and stack traces\n");
        s.append("  --help                              this text\n");
        s.append("\nExit code: 0 when the run shows what the lesson claims, 1 when it does not or fails, 2 for bad options.\n");
        return s.toString();
    }

    private static void beVerbose() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.Metadata", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.curator", "info");
        System.setProperty("org.slf4j.simpleLogger.log.io.apicurio", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.CompletedFetch", "info");
        System.setProperty("sandbox.nodeLogLevel", "info");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + message;
    }
}
