package io.kafkalessons.runner;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.KafkaNode;
import io.kafkalessons.sandbox.SandboxNode;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.ZooKeeperServer;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.view.WebView;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./lessons cluster}: a sandbox ZooKeeper ensemble and Kafka cluster that stay up for a
 * workshop, with a small console to kill, pause and restart nodes while lessons run against it.
 */
final class ClusterCommand {

    static final int KAFKA_BASE_PORT = 9092;
    static final int ZOOKEEPER_BASE_PORT = 2181;

    private final ZooKeeperEnsemble zk;
    private final KafkaCluster kafka;
    private final PrintStream out;

    private ClusterCommand(ZooKeeperEnsemble zk, KafkaCluster kafka, PrintStream out) {
        this.zk = zk;
        this.kafka = kafka;
        this.out = out;
    }

    /**
     * Starts the clusters, then reads commands from {@code in} until {@code quit}. At the end of
     * input it keeps the clusters up until the process is interrupted when {@code waitAtEof}.
     */
    static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err, boolean waitAtEof) {
        ClusterOptions options;
        try {
            options = ClusterOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("lessons cluster: " + e.getMessage() + " (see ./lessons cluster --help)");
            return LessonLauncher.USAGE;
        }
        if (options.help()) {
            out.print(usage());
            return LessonLauncher.OK;
        }
        ZooKeeperEnsemble zk = null;
        KafkaCluster kafka = null;
        WebView view = null;
        try {
            if (options.zookeeperServers() > 0) {
                out.printf("[sandbox] starting %d ZooKeeper servers ...%n", options.zookeeperServers());
                zk = ZooKeeperEnsemble.builder().servers(options.zookeeperServers()).name("cluster-zookeeper")
                        .basePort(options.freePorts() ? 0 : ZOOKEEPER_BASE_PORT).start();
            }
            if (options.brokers() > 0) {
                out.printf("[sandbox] starting %d Kafka brokers (KRaft) ...%n", options.brokers());
                KafkaCluster.Builder builder = KafkaCluster.builder().brokers(options.brokers()).name("cluster-kafka")
                        .basePort(options.freePorts() ? 0 : KAFKA_BASE_PORT);
                kafka = (options.secure() ? builder.secured() : builder).start();
            }
            ClusterCommand console = new ClusterCommand(zk, kafka, out);
            if (options.ui()) {
                view = WebView.start(WebView.Target.owned(kafka, Optional.ofNullable(zk)), WebView.DEFAULT_PORT);
            }
            console.welcome();
            if (view != null) {
                out.println("Workshop view: " + view.url() + " (open it in a browser; its buttons and this console act on the same nodes)");
                out.println();
            }
            boolean quit = console.readCommands(in);
            if (!quit && waitAtEof) {
                out.println("[sandbox] no more input; the cluster stays up until Ctrl-C");
                new CountDownLatch(1).await();
            }
            return LessonLauncher.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LessonLauncher.OK;
        } catch (RuntimeException e) {
            err.println("lessons cluster: " + e.getMessage());
            return LessonLauncher.FAILED;
        } finally {
            if (view != null) {
                view.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (zk != null) {
                zk.close();
            }
            out.println("[sandbox] stopped; node logs are kept in " + (kafka != null ? kafka.logFolder().getParent()
                    : zk != null ? zk.logFolder().getParent() : "the logs folder"));
        }
    }

    static String usage() {
        return """
                Usage: ./lessons cluster [--brokers N] [--zookeeper-servers N] [--free-ports] [--secure] [--ui]

                Starts a sandbox on 127.0.0.1 and keeps it up until Ctrl-C or 'quit':
                  --brokers N             Kafka brokers in KRaft mode, 0 to 5 (default 3; ports 9092...)
                  --zookeeper-servers N   ZooKeeper servers, 0 to 5 (default 3; ports 2181...)
                  --free-ports            let the system choose free ports instead
                  --secure                lesson 14's listeners: PLAINTEXT, SSL (9102...), SASL_SSL (9112...), ACLs on
                  --ui                    also serve the workshop view: the cluster live in a browser, with buttons
                                          (http://127.0.0.1:8090/, or a free port when that one is taken)

                While it runs, type commands:
                """ + COMMANDS;
    }

    private static final String COMMANDS = """
              status                          every node, its state, PID and address
              kill|stop|pause|resume|restart broker N    (kill = kill -9, stop = clean shutdown)
              kill|stop|pause|resume|restart zk N
              leader TOPIC [PARTITION]        leader, replicas and in-sync replicas of a partition
              help                            this list
              quit                            stop everything and exit
            """;

    private void welcome() {
        out.println();
        if (zk != null) {
            out.println("ZooKeeper:  --zookeeper " + zk.connectString());
        }
        String security = kafka == null ? "" : kafka.clientConfigFile().map(f -> " --command-config " + f).orElse("");
        if (kafka != null) {
            out.println("Kafka:      --bootstrap-server " + kafka.bootstrapServers() + security);
        }
        out.println();
        out.println("The data lives in a temporary folder and is deleted when this command ends (quit or Ctrl-C);");
        out.println("the nodes' logs are kept in " + (kafka != null ? kafka.logFolder() : zk.logFolder()) + ".");
        out.println();
        status();
        out.println();
        out.println("In another terminal, try:");
        if (kafka != null) {
            String first = kafka.brokers().get(0).address();
            out.println("  ./lessons 5 --bootstrap-server " + first + security);
            out.println("  ./lessons kafka-topics --bootstrap-server " + first + security + " --describe");
            out.println("  ./lessons kafka-metadata-quorum --bootstrap-server " + first + security + " describe --status");
        }
        if (zk != null) {
            out.println("  ./lessons 1 --zookeeper " + zk.connectString());
            out.println("  ./lessons zookeeper-shell " + zk.servers().get(0).address() + " ls /");
        }
        out.println();
        out.println("Commands (type here):");
        out.print(COMMANDS);
    }

    /** Returns true when the user typed quit, false at the end of input. */
    private boolean readCommands(BufferedReader in) {
        while (true) {
            out.print("cluster> ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                return false;
            }
            if (line == null) {
                out.println();
                return false;
            }
            String[] words = line.trim().split("\\s+");
            words[0] = words[0].toLowerCase(Locale.ROOT);
            try {
                if (!execute(words)) {
                    return true;
                }
            } catch (RuntimeException e) {
                out.println("  " + e.getMessage());
            }
        }
    }

    /** Runs one command; false means quit. */
    private boolean execute(String[] words) {
        switch (words[0]) {
            case "" -> { }
            case "quit", "exit" -> {
                return false;
            }
            case "help" -> out.print(COMMANDS);
            case "status" -> status();
            case "leader" -> leader(words);
            case "kill", "stop", "pause", "resume", "restart" -> act(words);
            default -> out.println("  unknown command '" + words[0] + "'; type help");
        }
        return true;
    }

    private void act(String[] words) {
        if (words.length != 3) {
            throw new IllegalArgumentException("say e.g. '" + words[0] + " broker 2' or '" + words[0] + " zk 1'");
        }
        SandboxNode node = node(words[1].toLowerCase(Locale.ROOT), words[2]);
        long start = System.nanoTime();
        switch (words[0]) {
            case "kill" -> node.kill();
            case "stop" -> node.stop();
            case "pause" -> node.pause();
            case "resume" -> node.resume();
            default -> node.restart();
        }
        out.printf("  %s: %s done in %d ms, now %s%n", node.describe(), words[0],
                (System.nanoTime() - start) / 1_000_000, node.state().name().toLowerCase(Locale.ROOT));
    }

    private SandboxNode node(String kind, String id) {
        int n;
        try {
            n = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + id + "' is not a node number");
        }
        if (kind.equals("broker") && kafka != null) {
            return kafka.node(n);
        }
        if (kind.equals("zk") && zk != null) {
            return zk.server(n);
        }
        throw new IllegalArgumentException("no " + kind + " nodes in this sandbox (say 'broker N' or 'zk N')");
    }

    private void status() {
        List<String[]> rows = new ArrayList<>();
        if (zk != null) {
            OptionalInt leader = zk.leaderId();
            for (ZooKeeperServer s : zk.servers()) {
                rows.add(row(s, s.address(), s.mode().orElse("-")));
            }
            out.println("  ZooKeeper leader: " + (leader.isPresent() ? "zk server " + leader.getAsInt() : "none"));
        }
        if (kafka != null) {
            OptionalInt controller = kafka.activeController();
            for (KafkaNode k : kafka.nodes()) {
                String address = k.role().isBroker() ? k.address() : "controller port " + k.controllerPort();
                String role = k.role().processRoles() + (controller.isPresent() && controller.getAsInt() == k.id()
                        ? " (active controller)" : "");
                rows.add(row(k, address, role));
            }
            out.println("  Kafka active controller: " + (controller.isPresent() ? "node " + controller.getAsInt() : "none"));
        }
        out.printf("  %-28s %-8s %-8s %-17s %s%n", "node", "state", "pid", "address", "role");
        for (String[] r : rows) {
            out.printf("  %-28s %-8s %-8s %-17s %s%n", (Object[]) r);
        }
    }

    private static String[] row(SandboxNode node, String address, String role) {
        SandboxNode.State state = node.state();
        String pid = state == SandboxNode.State.STOPPED ? "-" : Long.toString(node.pid());
        return new String[] {node.describe(), state.name().toLowerCase(Locale.ROOT), pid, address, role};
    }

    private void leader(String[] words) {
        if (kafka == null || words.length < 2) {
            throw new IllegalArgumentException("say 'leader TOPIC [PARTITION]' (needs Kafka)");
        }
        int partition = words.length > 2 ? Integer.parseInt(words[2]) : 0;
        TopicPartitionInfo info = kafka.partition(words[1], partition);
        out.printf("  %s-%d: leader %s, replicas %s, in sync %s%n", words[1], partition,
                info.leader() == null || info.leader().isEmpty() ? "none" : info.leader().id(),
                info.replicas().stream().map(Node::id).toList(), info.isr().stream().map(Node::id).toList());
    }
}
