package io.kafkalessons.runner;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.KafkaTool;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code ./lessons} command: list the lessons, run one, keep a sandbox cluster up for a
 * workshop, or run one of Kafka's own tools.
 */
public final class LessonsMain {

    private LessonsMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && KafkaTool.named(args[0]).isPresent()) {
            runTool(KafkaTool.named(args[0]).get(), Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("cluster")) {
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.exit(ClusterCommand.run(Arrays.copyOfRange(args, 1, args.length), stdin, System.out, System.err, true));
        }
        if (args.length > 0 && args[0].equals("view")) {
            System.exit(ViewCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err, true));
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Everything but {@code cluster} and the tools; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(usage());
            return args.length == 0 ? LessonLauncher.USAGE : LessonLauncher.OK;
        }
        LessonCatalog catalog = LessonCatalog.load();
        String command = args[0];
        if (command.equals("list")) {
            list(catalog, out);
            return LessonLauncher.OK;
        }
        if (command.equals("record")) {
            return RecordCommand.run(Arrays.copyOfRange(args, 1, args.length), catalog,
                    Path.of(System.getProperty("lessons.root", ".")), out, err);
        }
        if (command.equals("measure")) {
            return MeasureCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        Optional<Integer> number = parseNumber(command);
        if (number.isEmpty()) {
            err.println("lessons: unknown command '" + command + "'; try ./lessons help");
            return LessonLauncher.USAGE;
        }
        Optional<LessonEntry> lesson = catalog.byNumber(number.get());
        if (lesson.isEmpty()) {
            err.println("lessons: there is no lesson " + number.get() + " yet; ./lessons list shows the lessons there are");
            return LessonLauncher.USAGE;
        }
        return LessonLauncher.launch(lesson.get(), Arrays.copyOfRange(args, 1, args.length), out, err);
    }

    private static void list(LessonCatalog catalog, PrintStream out) {
        for (LessonEntry lesson : catalog.all()) {
            LessonInfo info = lesson.info();
            String needs = info.needs().zookeeper()
                    ? info.needs().zookeeperServers() + " ZooKeeper servers"
                    : info.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(info.needs().kafkaBrokers())).describe();
            out.printf("%2d  %s%n    runs on %s, about %d s%n", info.number(), info.title(), needs, info.seconds());
        }
    }

    private static Optional<Integer> parseNumber(String s) {
        try {
            return Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void runTool(KafkaTool tool, String[] args) {
        Optional<String> unreachable = tool.unreachable(args);
        if (unreachable.isPresent()) {
            System.err.println(tool.command() + ": " + unreachable.get());
            System.exit(LessonLauncher.FAILED);
        }
        try {
            tool.run(args);
        } catch (Throwable e) {
            System.err.println(tool.command() + ": " + e);
            System.exit(LessonLauncher.FAILED);
        }
    }

    static String usage() {
        StringBuilder s = new StringBuilder();
        s.append("Usage: ./lessons COMMAND\n\n");
        s.append("  list                      the lessons, in reading order\n");
        s.append("  N [options]               run lesson N on its own sandbox cluster (see ./lessons N --help)\n");
        s.append("  N --bootstrap-server H:P  run lesson N against an existing Kafka cluster\n");
        s.append("  N --zookeeper H:P         run lesson N against an existing ZooKeeper ensemble\n");
        s.append("  cluster [options]         start a sandbox cluster and keep it up until Ctrl-C (see ./lessons cluster --help)\n");
        s.append("  view --bootstrap-server H:P  watch an existing Kafka cluster live in a browser, read-only\n");
        s.append("  record N [N ...]          run lessons and write each run's output into its README\n");
        s.append("  measure [--runs N]        how fast the sandbox starts and fails over here, and its memory\n");
        s.append("  help                      this text\n\n");
        s.append("Kafka's and ZooKeeper's own tools, with the same arguments as their scripts:\n");
        for (KafkaTool tool : KafkaTool.values()) {
            s.append(String.format("  %-25s %s%n", tool.command(), tool.description()));
        }
        return s.toString();
    }
}
