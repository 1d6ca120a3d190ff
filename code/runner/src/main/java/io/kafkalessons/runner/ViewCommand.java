package io.kafkalessons.runner;

import io.kafkalessons.sandbox.lesson.ClusterProbe;
import io.kafkalessons.sandbox.lesson.CommandConfig;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.UnreachableClusterException;
import io.kafkalessons.sandbox.view.WebView;

import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./lessons view --bootstrap-server H:P}: the workshop view on a cluster the sandbox does not
 * own (the EC2 cluster, a colleague's), read-only, until Ctrl-C. For the sandbox's own cluster, with
 * buttons, use {@code ./lessons cluster --ui} or {@code --ui} on a lesson.
 */
final class ViewCommand {

    private ViewCommand() {
    }

    static String usage() {
        return """
                Usage: ./lessons view --bootstrap-server HOST:PORT[,...] [--command-config FILE]

                Serves the workshop view of an existing Kafka cluster on 127.0.0.1 (port 8090, or a free one),
                read-only: no buttons, no traffic, nothing written to the cluster. Stops at Ctrl-C.
                For the sandbox's own cluster, with buttons: ./lessons cluster --ui, or ./lessons N --ui.
                """;
    }

    /** Returns the exit code; with {@code wait} it serves until the process is interrupted. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean wait) {
        String bootstrap = null;
        Properties config = new Properties();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bootstrap-server" -> bootstrap = value(args, ++i, "--bootstrap-server");
                    case "--command-config" -> config = CommandConfig.read(value(args, ++i, "--command-config"));
                    case "--help", "-h" -> {
                        out.print(usage());
                        return LessonLauncher.OK;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (bootstrap == null) {
                throw new IllegalArgumentException("name the cluster with --bootstrap-server HOST:PORT");
            }
        } catch (RuntimeException e) {
            err.println("lessons view: " + e.getMessage() + " (see ./lessons view --help)");
            return LessonLauncher.USAGE;
        }
        try {
            int brokers = ClusterProbe.kafka(bootstrap, config);
            try (WebView view = WebView.start(WebView.Target.readOnly(bootstrap, config), WebView.DEFAULT_PORT)) {
                out.printf("[view] %d broker%s at %s; watch them at %s (read-only; Ctrl-C to stop)%n", brokers,
                        brokers == 1 ? "" : "s", bootstrap, view.url());
                if (wait) {
                    new CountDownLatch(1).await();
                }
            }
            return LessonLauncher.OK;
        } catch (UnreachableClusterException e) {
            err.println("lessons view: " + e.getMessage());
            return LessonLauncher.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LessonLauncher.OK;
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
