package io.kafkalessons.sandbox.view;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.KafkaNode;
import io.kafkalessons.sandbox.SandboxNode;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.ZooKeeperServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the cluster once for the view: the nodes (from the sandbox when it owns them, else from
 * the cluster's own metadata), every partition's leader, ISR, ELR and high watermark through the
 * Admin API, each replica's log end from its broker, and the consumer groups. What does not answer
 * within {@link #TIMEOUT_SECONDS} becomes a plain sentence in {@link Snapshot#problems()}.
 */
final class StateReader {

    static final int TIMEOUT_SECONDS = 2;
    /** More partitions than a projector can show; the rest are counted, not listed. */
    static final int MAX_PARTITIONS = 40;

    private final Admin admin;
    private final String bootstrap;
    private final Optional<KafkaCluster> kafka;
    private final Optional<ZooKeeperEnsemble> zk;
    private final ReplicaOffsets replicaOffsets;
    private final GroupReader groups;
    /** The last answer about the brokers (none before the first read). */
    private volatile Registry registry = new Registry(false, Map.of(), -1);
    /** The groups' committed offsets, summed, at the last read (-1 before the first). */
    private long lastCommitted = -1;

    StateReader(Admin admin, String bootstrap, Optional<KafkaCluster> kafka, Optional<ZooKeeperEnsemble> zk,
                ReplicaOffsets replicaOffsets) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.kafka = kafka;
        this.zk = zk;
        this.replicaOffsets = replicaOffsets;
        this.groups = new GroupReader(admin);
    }

    /** Reads everything once; {@code previous} (may be null) gives the rates. */
    Snapshot read(Snapshot previous, Snapshot.TrafficView traffic, List<Snapshot.Event> events) {
        List<String> problems = new ArrayList<>();
        registry = registry(problems);
        // A cluster that did not say which brokers it has will not answer the rest either: ask it next time.
        // What could not be read this time is shown as last read (the problem line says so).
        boolean answering = problems.isEmpty();
        List<Snapshot.PartitionView> partitions = (answering ? partitions(problems) : Optional.<List<Snapshot.PartitionView>>empty())
                .orElse(previous == null ? List.of() : previous.partitions());
        Optional<GroupReader.Groups> groupsRead = answering ? groups.read(partitions, problems) : Optional.empty();
        GroupReader.Groups read = groupsRead.orElse(new GroupReader.Groups(previous == null ? List.of() : previous.groups(), -1));
        long now = System.currentTimeMillis();
        Snapshot.Rates rates = rates(previous, now, partitions, read.committedTotal());
        // The nodes last: the sandbox's own view of them is instant, so it is as fresh as possible.
        return new Snapshot(now, bootstrap, kafka.isPresent(), nodes(), partitions, read.groups(), rates, traffic,
                problems, events);
    }

    /** {@code s} with its nodes as the sandbox has them now (after a button), the rest as last read. */
    Snapshot withFreshNodes(Snapshot s) {
        return new Snapshot(s.millis(), s.bootstrap(), s.owned(), nodes(), s.partitions(), s.groups(), s.rates(), s.traffic(),
                s.problems(), s.events());
    }

    /** What the cluster's metadata says of its brokers: which are registered (fenced or not), and the active controller. */
    private record Registry(boolean answered, Map<Integer, Node> registered, int controller) {
    }

    private Registry registry(List<String> problems) {
        Map<Integer, Node> registered = new HashMap<>();
        boolean answered = ask(problems, "which brokers are registered", () -> admin.describeCluster(
                new DescribeClusterOptions().includeFencedBrokers(true)).nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .map(all -> {
                    all.forEach(n -> registered.put(n.id(), n));
                    return true;
                }).orElse(false);
        int controller = !answered ? -1 : ask(problems, "which controller is active", () -> admin.describeMetadataQuorum()
                .quorumInfo().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).leaderId()).orElse(-1);
        return new Registry(answered, registered, controller);
    }

    private List<Snapshot.NodeView> nodes() {
        List<Snapshot.NodeView> views = new ArrayList<>(kafkaNodes(registry));
        views.addAll(zooKeeperServers());
        return views;
    }

    private List<Snapshot.NodeView> kafkaNodes(Registry r) {
        List<Snapshot.NodeView> views = new ArrayList<>();
        if (kafka.isPresent()) {
            for (KafkaNode node : kafka.get().nodes()) {
                boolean broker = node.role().isBroker();
                Node seen = r.registered().get(node.id());
                boolean fenced = broker && r.answered() && (seen == null || seen.isFenced());
                views.add(new Snapshot.NodeView((broker ? "broker-" : "controller-") + node.id(), "kafka", node.id(),
                        node.role().processRoles(), state(node), fenced, node.id() == r.controller(),
                        broker ? node.address() : "controller port " + node.controllerPort()));
            }
        } else {
            for (Node node : new TreeMap<>(r.registered()).values()) {
                views.add(new Snapshot.NodeView("broker-" + node.id(), "kafka", node.id(), "broker",
                        node.isFenced() ? "fenced" : "registered", node.isFenced(), node.id() == r.controller(),
                        node.host() + ":" + node.port()));
            }
        }
        return views;
    }

    private List<Snapshot.NodeView> zooKeeperServers() {
        List<Snapshot.NodeView> views = new ArrayList<>();
        zk.ifPresent(ensemble -> {
            for (ZooKeeperServer server : ensemble.servers()) {
                Optional<String> mode = server.state() == SandboxNode.State.RUNNING ? server.mode() : Optional.empty();
                views.add(new Snapshot.NodeView("zk-" + server.id(), "zookeeper", server.id(), mode.orElse("-"),
                        state(server), false, mode.filter("leader"::equals).isPresent(), server.address()));
            }
        });
        return views;
    }

    private static String state(SandboxNode node) {
        SandboxNode.State state = node.state();
        return state == SandboxNode.State.STOPPED ? "down" : state.name().toLowerCase(Locale.ROOT);
    }

    private Optional<List<Snapshot.PartitionView>> partitions(List<String> problems) {
        Optional<Collection<TopicDescription>> topics = ask(problems, "the topics", () -> {
            Collection<String> names = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values();
        });
        if (topics.isEmpty()) {
            return Optional.empty();
        }
        List<TopicPartition> shown = new ArrayList<>();
        Map<TopicPartition, TopicPartitionInfo> infos = new HashMap<>();
        topics.get().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(t -> t.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(t.name(), p.partition());
            if (shown.size() < MAX_PARTITIONS) {
                shown.add(tp);
                infos.put(tp, p);
            }
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = highWatermarks(shown, infos);
        Map<Integer, Map<String, Long>> logEnds = logEnds();
        List<Snapshot.PartitionView> views = new ArrayList<>();
        for (TopicPartition tp : shown) {
            TopicPartitionInfo info = infos.get(tp);
            ListOffsetsResult.ListOffsetsResultInfo end = ends.get(tp);
            Map<Integer, Long> replicaEnds = new TreeMap<>();
            info.replicas().forEach(r -> Optional.ofNullable(logEnds.getOrDefault(r.id(), Map.of()).get(tp.toString()))
                    .ifPresent(offset -> replicaEnds.put(r.id(), offset)));
            views.add(new Snapshot.PartitionView(tp.topic(), tp.partition(),
                    info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id(),
                    end == null ? -1 : end.leaderEpoch().orElse(-1), ids(info.replicas()), ids(info.isr()),
                    ids(info.elr()), end == null ? -1 : end.offset(), replicaEnds));
        }
        return Optional.of(views);
    }

    /**
     * Each partition's high watermark and its leader's epoch: a ListOffsets for the latest offset
     * answers both (Kafka's {@code Partition.fetchOffsetForTimestamp}). Partitions without a leader are not asked.
     */
    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> highWatermarks(
            List<TopicPartition> partitions, Map<TopicPartition, TopicPartitionInfo> infos) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.stream().filter(tp -> infos.get(tp).leader() != null && !infos.get(tp).leader().isEmpty())
                .forEach(tp -> request.put(tp, OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(request);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = new HashMap<>();
        for (TopicPartition tp : request.keySet()) {
            try {
                ends.put(tp, result.partitionResult(tp).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ends;
            } catch (ExecutionException | TimeoutException e) {
                // its leader did not answer in time: shown without a high watermark
            }
        }
        return ends;
    }

    /** Log end offsets by broker id, from every running broker the sandbox owns. */
    private Map<Integer, Map<String, Long>> logEnds() {
        Map<Integer, Map<String, Long>> byBroker = new HashMap<>();
        kafka.ifPresent(cluster -> cluster.brokers().stream().filter(n -> n.state() == SandboxNode.State.RUNNING)
                .forEach(n -> byBroker.put(n.id(), replicaOffsets.read(n.pid()))));
        return byBroker;
    }

    /** Records per second since {@code previous}: high watermarks for produced, committed offsets for consumed. */
    private Snapshot.Rates rates(Snapshot previous, long now, List<Snapshot.PartitionView> partitions, long committed) {
        long committedBefore = lastCommitted;
        lastCommitted = committed;
        if (previous == null || now <= previous.millis()) {
            return new Snapshot.Rates(0, 0);
        }
        Map<String, Long> before = new HashMap<>();
        previous.partitions().forEach(p -> before.put(p.name(), p.highWatermark()));
        long appended = partitions.stream().filter(p -> p.highWatermark() >= 0 && before.getOrDefault(p.name(), -1L) >= 0)
                .mapToLong(p -> Math.max(0, p.highWatermark() - before.get(p.name()))).sum();
        double seconds = (now - previous.millis()) / 1000.0;
        return new Snapshot.Rates(appended / seconds, committedBefore < 0 ? 0 : Math.max(0, committed - committedBefore) / seconds);
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes == null ? List.of() : nodes.stream().map(Node::id).toList();
    }

    /** Runs one question; on failure adds "did not answer ..." to {@code problems} and returns empty. */
    private static <T> Optional<T> ask(List<String> problems, String what, Question<T> question) {
        try {
            return Optional.ofNullable(question.ask());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (TimeoutException e) {
            problems.add("the cluster did not answer within " + TIMEOUT_SECONDS + " s when asked " + what);
            return Optional.empty();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            problems.add("asking " + what + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            return Optional.empty();
        }
    }

    @FunctionalInterface
    private interface Question<T> {
        T ask() throws Exception;
    }
}
