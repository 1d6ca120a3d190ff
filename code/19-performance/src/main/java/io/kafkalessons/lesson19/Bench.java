package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What every step uses: a fresh topic per workload, our producer and consumer, Kafka's own tools,
 * the bytes a topic takes on the brokers' disks, and the narrator.
 */
final class Bench implements AutoCloseable {

    private final Admin admin;
    private final Narrator narrator;
    private final ProducerBench producer;
    private final ConsumerBench consumer;
    private final KafkaPerfTools tools;
    /** The topics each workload has had, by workload name; the last is the current one. */
    private final Map<String, List<String>> topics = new java.util.HashMap<>();

    Bench(String bootstrapServers, Narrator narrator) {
        this.admin = Admin.create(Clients.admin(bootstrapServers));
        this.narrator = narrator;
        this.producer = new ProducerBench(bootstrapServers);
        this.consumer = new ConsumerBench(bootstrapServers);
        this.tools = new KafkaPerfTools(bootstrapServers);
    }

    Narrator narrator() {
        return narrator;
    }

    /**
     * A new topic for a run of {@code w} ({@code lesson19-<name>-<run>}): its partitions, replication
     * factor and min.insync.replicas. Every run gets a topic of its own: none shares its name with a
     * topic just deleted, whose partitions the brokers may still be removing.
     */
    String freshTopic(Workload w) throws Exception {
        List<String> runs = topics.computeIfAbsent(w.name(), n -> new ArrayList<>());
        String name = w.topic() + "-" + (runs.size() + 1);
        runs.add(name);
        NewTopic topic = new NewTopic(name, w.partitions(), (short) w.replicationFactor())
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(w.minInsyncReplicas())));
        Topics.recreate(admin, topic);
        return name;
    }

    /** The topic of {@code w}'s last run. */
    String lastTopic(Workload w) {
        List<String> runs = topics.get(w.name());
        return runs.get(runs.size() - 1);
    }

    /** Our producer on a fresh topic. */
    Throughput ours(Workload w) throws Exception {
        return producer.run(w, freshTopic(w));
    }

    /** kafka-producer-perf-test on a fresh topic, with our producer's settings. */
    Throughput theirs(Workload w) throws Exception {
        return tools.producer(w, freshTopic(w), producer.settings(w));
    }

    /**
     * Our producer and Kafka's twice each, in the order ours, theirs, theirs, ours (so neither always
     * runs on a warmer or a busier cluster), each on a fresh topic; the faster run of each counts, as
     * benchmarks usually take the best of a few to leave out a moment the machine did something else.
     * {@link #lastTopic} then names the topic of the last run (ours).
     */
    Compared compare(Workload w) throws Exception {
        Throughput ours = ours(w);
        Throughput theirs = faster(theirs(w), theirs(w));
        return new Compared(w, faster(ours, ours(w)), theirs);
    }

    private static Throughput faster(Throughput a, Throughput b) {
        return a.recordsPerSecond() >= b.recordsPerSecond() ? a : b;
    }

    /**
     * One consumer reading {@code w}'s topic from the start, ours and kafka-consumer-perf-test, three
     * times each in turn; the best of each (a read takes well under a second here, so one moment of
     * noise would weigh too much).
     */
    PerformanceResult.Reading reading(Workload w) {
        double ours = 0;
        double theirs = 0;
        for (int i = 0; i < 3; i++) {
            ours = Math.max(ours, consumer.readAll(lastTopic(w), w.partitions(), w.records()));
            theirs = Math.max(theirs, tools.consumer(lastTopic(w), w.records(), consumer.settings()));
        }
        return new PerformanceResult.Reading(ours, theirs);
    }

    /** Our producer at a steady rate, with a consumer at the end of the topic measuring end-to-end latency. */
    Steady steady(Workload w) throws Exception {
        String topic = freshTopic(w);
        ConsumerBench.EndToEnd<Throughput> run = consumer.whileProducing(topic, w.partitions(), w.records(),
                () -> producer.run(w, topic));
        return new Steady(w, run.producer(), run.latency());
    }

    /** Bytes of one copy of {@code w}'s topic: every replica's size on every broker, over the replication factor. */
    long bytesPerCopy(Workload w) throws Exception {
        Collection<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(n -> n.id()).toList();
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS);
        long bytes = dirs.values().stream().flatMap(d -> d.values().stream())
                .flatMap(d -> d.replicaInfos().entrySet().stream())
                .filter(e -> e.getKey().topic().equals(lastTopic(w)))
                .mapToLong(e -> e.getValue().size()).sum();
        return bytes / w.replicationFactor();
    }

    /** Deletes every topic of these workloads (the disk they take adds up over a run). */
    void delete(List<Workload> workloads) throws Exception {
        Set<String> names = Set.copyOf(workloads.stream().flatMap(w -> topics.getOrDefault(w.name(), List.of()).stream()).toList());
        admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
        workloads.forEach(w -> topics.remove(w.name()));
    }

    @Override
    public void close() {
        admin.close();
    }

    /** Our producer and Kafka's on one workload; {@link #ratio()} is ours over theirs in records per second. */
    public record Compared(Workload workload, Throughput ours, Throughput theirs) {
        public double ratio() {
            return ours.recordsPerSecond() / theirs.recordsPerSecond();
        }
    }

    /** A steady-rate run: what the producer measured and how long records took to reach a waiting consumer. */
    public record Steady(Workload workload, Throughput producer, Throughput.Latency endToEnd) {
    }
}
