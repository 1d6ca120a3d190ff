package io.kafkalessons.runner;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.SandboxNode;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Topics;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code ./lessons measure}: how fast the sandbox starts and fails over on this machine, and how
 * much memory it takes. A benchmark to read, not a test with time limits.
 */
final class MeasureCommand {

    static final String TOPIC = "measure-failover";
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

    /** One run's numbers; times in milliseconds, memory in KiB of resident set size. */
    record Run(long zkQuorumMs, long zkFirstWriteMs, long kafkaReadyMs, List<Long> zkRssKib, List<Long> kafkaRssKib,
               int zkKilledLeader, int zkNewLeader, long zkFailoverMs,
               int partitionKilledLeader, int partitionNewLeader, long partitionFailoverMs,
               int killedController, int newController, long controllerFailoverMs) {

        long totalRssKib() {
            return zkRssKib.stream().mapToLong(Long::longValue).sum() + kafkaRssKib.stream().mapToLong(Long::longValue).sum();
        }
    }

    private MeasureCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs") && i + 1 < args.length && args[i + 1].matches("[1-9]\\d?")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                err.println("lessons measure: unknown option '" + args[i] + "' (usage: ./lessons measure [--runs 1-99])");
                return LessonLauncher.USAGE;
            }
        }
        out.printf("Measuring the sandbox, %d run%s (3 ZooKeeper servers + 3 Kafka brokers, %d cores) ...%n",
                runs, runs == 1 ? "" : "s", Runtime.getRuntime().availableProcessors());
        List<Run> results = new ArrayList<>();
        try {
            for (int i = 1; i <= runs; i++) {
                Run r = measureOnce();
                results.add(r);
                out.printf("run %d: zk quorum %d ms, kafka ready %d ms, RSS %d MiB, "
                        + "failovers zk %d ms / partition %d ms / controller %d ms%n",
                        i, r.zkQuorumMs(), r.kafkaReadyMs(), r.totalRssKib() / 1024, r.zkFailoverMs(),
                        r.partitionFailoverMs(), r.controllerFailoverMs());
            }
        } catch (Exception e) {
            err.println("lessons measure: " + e.getMessage());
            return LessonLauncher.FAILED;
        }
        report(results, out);
        return LessonLauncher.OK;
    }

    static Run measureOnce() throws Exception {
        long start = System.nanoTime();
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().servers(3).name("measure-zookeeper").start()) {
            long zkQuorum = millisSince(start);
            try (ZooKeeper client = ZooKeeperConnections.open(zk.connectString(), 10_000)) {
                client.create("/measure", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            }
            long zkFirstWrite = millisSince(start);

            start = System.nanoTime();
            try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).name("measure-kafka").start()) {
                long kafkaReady = millisSince(start);
                List<Long> zkRss = zk.servers().stream().map(SandboxNode::residentKib).toList();
                List<Long> kafkaRss = kafka.nodes().stream().map(SandboxNode::residentKib).toList();

                int zkLeader = zk.leaderId().orElseThrow();
                zk.server(zkLeader).kill();
                long zkFailover = zk.awaitNewLeader(zkLeader, FAILOVER_TIMEOUT).toMillis();

                // A partition led by a broker that is not the active controller: pure partition failover.
                int controller = kafka.activeController().orElseThrow();
                TopicDescription topic = Topics.recreate(kafka.admin(), new NewTopic(TOPIC, 3, (short) 3));
                TopicPartitionInfo partition = topic.partitions().stream()
                        .filter(p -> p.leader().id() != controller).findFirst().orElseThrow();
                int partitionLeader = partition.leader().id();
                kafka.node(partitionLeader).kill();
                long partitionFailover = kafka.awaitNewPartitionLeader(TOPIC, partition.partition(), partitionLeader,
                        FAILOVER_TIMEOUT).toMillis();
                int newPartitionLeader = kafka.partitionLeader(TOPIC, partition.partition()).orElseThrow();

                // Bring it back (a 3-voter quorum survives only one loss), then kill the active controller.
                kafka.node(partitionLeader).restart();
                kafka.awaitBrokers(3, FAILOVER_TIMEOUT);
                Poll.until(FAILOVER_TIMEOUT, Duration.ofMillis(50), () -> kafka.partition(TOPIC, partition.partition())
                        .isr().stream().map(Node::id).anyMatch(id -> id == partitionLeader),
                        () -> "broker " + partitionLeader + " did not rejoin the in-sync replicas");
                kafka.node(controller).kill();
                long controllerFailover = kafka.awaitNewActiveController(controller, FAILOVER_TIMEOUT).toMillis();
                int newController = kafka.activeController().orElseThrow();

                return new Run(zkQuorum, zkFirstWrite, kafkaReady, zkRss, kafkaRss, zkLeader, zk.leaderId().orElse(-1),
                        zkFailover, partitionLeader, newPartitionLeader, partitionFailover, controller, newController,
                        controllerFailover);
            }
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void report(List<Run> runs, PrintStream out) {
        out.println();
        out.printf("%-56s %8s %8s %8s%n", "", "median", "min", "max");
        row(out, runs, "ZooKeeper, 3 servers: start to elected leader (ms)", Run::zkQuorumMs);
        row(out, runs, "ZooKeeper, 3 servers: start to first write (ms)", Run::zkFirstWriteMs);
        row(out, runs, "Kafka, 3 brokers (KRaft): start to all registered (ms)", Run::kafkaReadyMs);
        row(out, runs, "RSS per ZooKeeper server (MiB)", r -> max(r.zkRssKib()) / 1024);
        row(out, runs, "RSS per Kafka broker (MiB)", r -> max(r.kafkaRssKib()) / 1024);
        row(out, runs, "RSS of all 6 nodes (MiB)", r -> r.totalRssKib() / 1024);
        row(out, runs, "kill -9 ZooKeeper leader: new leader after (ms)", Run::zkFailoverMs);
        row(out, runs, "kill -9 partition leader: new leader after (ms)", Run::partitionFailoverMs);
        row(out, runs, "kill -9 active controller: new controller after (ms)", Run::controllerFailoverMs);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private static void row(PrintStream out, List<Run> runs, String label, ToLongFunction<Run> metric) {
        long[] v = runs.stream().mapToLong(metric).sorted().toArray();
        out.printf("%-56s %8d %8d %8d%n", label, v[v.length / 2], v[0], v[v.length - 1]);
    }
}
