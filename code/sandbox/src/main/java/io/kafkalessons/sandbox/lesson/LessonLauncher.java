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

    /** Entry point for a lesson's {@code main}: runs it and exits with its code. */
    public static void main(LessonEntry lesson, String[] args) {
        System.exit(launch(lesson, args, System.out, System.err));
    }

    public static int launch(LessonEntry lesson, String[] args, PrintStream out, PrintStream err) {
        LessonInfo info = lesson.info();
        Options options;
        try {
            options = Options.parse(info, args);
            checkTry(lesson, options.tryThis());
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
            LessonContext context = prepare(lesson, options, narrator, started, out);
            try (WorkshopView view = WorkshopView.startIf(options.ui(), context, out)) {
                narrator.line("");
                try (Clients.Run ignored = Clients.useForThisRun(context.clientConfig())) {
                    int code = runAndReport(lesson, context, err);
                    view.holdUntilEnter(System.in);
                    return code;
                }
            }
        } catch (UnreachableClusterException | RefusedException e) {
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

    /** Connects (or starts the sandbox), applies {@code --try} and sets up {@code --fault-command}. */
    private static LessonContext prepare(LessonEntry lesson, Options options, Narrator narrator, List<SandboxCluster<?>> started,
                                         PrintStream out) {
        LessonContext connected = connect(lesson.info(), options, narrator, started).withTry(options.tryThis());
        if (options.tryThis() > 0) {
            narrator.line("[try %d] %s", options.tryThis(), lesson.tries().get(options.tryThis()));
        }
        return options.faultCommand() == null ? connected
                : FaultCommandSetup.apply(lesson.info(), options, connected, out, System.in);
    }

    private static void checkTry(LessonEntry lesson, int number) {
        if (number > 0 && !lesson.tries().containsKey(number)) {
            List<Integer> applied = lesson.tries().keySet().stream().sorted().toList();
            throw new UsageException("its \"Try this\" " + number + " is not one the lesson applies itself ("
                    + (applied.isEmpty() ? "it applies none" : "it applies " + applied) + "); its README says how to do it");
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
        FaultCommandSetup.awaitBrokersBack(lesson.info(), context);
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
        s.append("  --fault-command 'CMD'               kill, freeze and restart nodes of that cluster by running CMD, with\n");
        s.append("                                      {id} {host} {action} {signal} filled in\n");
        s.append("                                      (README.md: \"Run a lesson against your own cluster\")\n");
        s.append("  --hosts FILE                        'ID HOST' lines, for nodes the cluster's metadata does not name\n");
        s.append("  --yes                               let --fault-command act without asking first\n");
        s.append("  --try N                             apply the README's \"Try this\" N, for the items that say --try\n");
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
