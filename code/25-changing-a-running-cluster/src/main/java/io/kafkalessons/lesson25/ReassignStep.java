package io.kafkalessons.lesson25;

import io.kafkalessons.lesson25.ChangingResult.Move;
import io.kafkalessons.lesson25.ChangingResult.Moves;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.LogDirs;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Moving replicas to another broker with {@code kafka-reassign-partitions}: one partition with a
 * replication throttle, the same amount of data without one. Broker {@code target}'s copy is
 * measured as it grows, the way {@code kafka-log-dirs} reports it.
 */
final class ReassignStep {

    static final String TOPIC = "lesson25-orders";
    /** The throttle, in bytes per second ({@code --throttle 1000000}). */
    static final long THROTTLE = 1_000_000;
    /** Each partition is filled with this many records of {@link #RECORD_BYTES} bytes: about 3 MB. */
    static final int RECORDS = 3000;
    static final int RECORD_BYTES = 1000;

    private final Admin admin;
    private final String bootstrapServers;
    private final Narrator narrator;
    /** "Try this" 2: half the throttle. */
    static final long TRY_THROTTLE = 500_000;

    private final boolean removeThrottles;
    private final long throttle;

    ReassignStep(Admin admin, String bootstrapServers, Narrator narrator) {
        this(admin, bootstrapServers, narrator, 0);
    }

    /**
     * @param tryThis the README's "Try this" item to apply: 1 leaves the throttle after the move, as a forgotten
     *                --verify does; 2 moves at {@link #TRY_THROTTLE}; anything else, the lesson as written
     */
    ReassignStep(Admin admin, String bootstrapServers, Narrator narrator, int tryThis) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.removeThrottles = tryThis != 1;
        this.throttle = tryThis == 2 ? TRY_THROTTLE : THROTTLE;
    }

    /** Creates and fills the topic on every broker but {@code target}, before the target joins or is chosen. */
    void prepare(List<Integer> sources) throws Exception {
        Topics.recreate(admin, new NewTopic(TOPIC, Map.of(0, replicas(sources, 0), 1, replicas(sources, 1))));
        Properties props = Clients.producer(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        String value = "x".repeat(RECORD_BYTES);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "order-" + i, value));
                producer.send(new ProducerRecord<>(TOPIC, 1, "order-" + i, value));
            }
            producer.flush();
        }
        narrator.say("admin", "%s: 2 partitions on brokers %s, each filled with %d records of %d bytes",
                TOPIC, sources, RECORDS, RECORD_BYTES);
    }

    /** The replicas of {@code partition} before the move: up to 3 of the sources, a different leader for each partition. */
    static List<Integer> replicas(List<Integer> sources, int partition) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < Math.min(3, sources.size()); i++) {
            list.add(sources.get((partition + i) % sources.size()));
        }
        return list;
    }

    Moves run(List<Integer> sources, int target) throws Exception {
        Move throttled = move(0, sources, target, throttle);
        narrator.notice("%.2f MB in %.1f s: %.2f MB/s against a throttle of %.2f MB/s. The copy grew a fetch at a time (up to",
                throttled.bytes() / 1e6, throttled.tookMs() / 1000.0, throttled.bytesPerSecond() / 1e6, throttle / 1e6);
        narrator.notice("1 MiB, replica.fetch.max.bytes) with pauses between: the brokers keep the rate averaged over several");
        narrator.notice("seconds under the throttle, not every instant. Once the move was done the throttle was removed");
        Move free = move(1, sources, target, -1);
        narrator.notice("without a throttle the same %.1f MB moved in %.1f s, not %.1f s: on a busy cluster that is",
                free.bytes() / 1e6, free.tookMs() / 1000.0, throttled.tookMs() / 1000.0);
        narrator.notice("bandwidth taken from producers and consumers, which is what the throttle is for");
        return new Moves(throttle, throttled, free);
    }

    private Move move(int partition, List<Integer> sources, int target, long throttle) throws Exception {
        List<Integer> from = replicas(sources, partition);
        List<Integer> to = new ArrayList<>(from);
        to.set(to.size() - 1, target);
        TopicPartition tp = new TopicPartition(TOPIC, partition);
        narrator.subStep("move %s from brokers %s to %s%s", tp, from, to,
                throttle > 0 ? String.format(" with --throttle %d (bytes/s)", throttle) : ", no throttle");
        long start = System.nanoTime();
        List<String> printed = ReassignTool.execute(admin, ReassignTool.plan(TOPIC, Map.of(partition, to)), throttle);
        // The rollback plan it prints is one long JSON line with every replica's folder: its start is enough here.
        printed.forEach(l -> narrator.say("kafka-reassign-partitions", "%s",
                l.startsWith("{") && l.length() > 100 ? l.substring(0, 96) + " ..." : l));
        Set<Integer> involved = new TreeSet<>(from);
        involved.add(target);
        // Each broker learns of a settings change from the metadata log: read until every broker shows it.
        int expected = throttle > 0 ? 2 * involved.size() + 2 : 0;
        Map<String, String> during = ReassignTool.awaitThrottles(admin, involved, TOPIC, expected);
        showThrottles(during);
        long nextReport = 0;
        while (moving(tp)) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (throttle > 0 && ms >= nextReport) {
                nextReport = ms + 500;
                narrator.say("kafka-log-dirs", "after %.1f s broker %d holds %.2f MB of %s", ms / 1000.0, target,
                        LogDirs.size(admin, target, tp) / 1e6, tp);
            }
            if (ms > 60_000) {
                throw new IllegalStateException(tp + " was still moving after 60 s");
            }
            Thread.sleep(100);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long bytes = LogDirs.size(admin, target, tp);
        // The reassignment is over; the metadata the brokers answer with may take a moment to drop the old replica.
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(50), () -> replicasNow(partition).equals(to),
                () -> tp + " did not settle on " + to);
        narrator.say("admin", "%s now on %s: %.2f MB copied to broker %d in %.1f s", tp, to, bytes / 1e6, target, tookMs / 1000.0);
        Map<String, String> after = throttle > 0 ? afterTheMove(involved, during) : Map.of();
        return new Move(tp.toString(), from, to, bytes, tookMs, during, after, printed);
    }

    /** The throttle settings left once the move is done: none after --verify removed them; all of them without it. */
    private Map<String, String> afterTheMove(Set<Integer> involved, Map<String, String> during) throws Exception {
        if (!removeThrottles) {
            narrator.say("kafka-reassign-partitions", "no --verify after the move: the throttle stays, %d settings left", during.size());
            return during;
        }
        ReassignTool.removeThrottles(admin, involved, TOPIC);
        Map<String, String> after = ReassignTool.awaitThrottles(admin, involved, TOPIC, 0);
        narrator.say("kafka-reassign-partitions", "--verify: the move is complete, so the throttle is removed: %d settings left",
                after.size());
        return after;
    }

    /** The throttle settings, one line per setting: on which brokers, or on the topic, with which value. */
    private void showThrottles(Map<String, String> settings) {
        Map<String, List<String>> where = new TreeMap<>();
        settings.forEach((key, value) -> {
            String[] parts = key.split(" ");
            String setting = parts[parts.length - 1] + "=" + value;
            where.computeIfAbsent(setting, s -> new ArrayList<>()).add(key.startsWith("broker ") ? parts[1] : "topic " + parts[0]);
        });
        where.forEach((setting, on) -> narrator.say("kafka-configs", "%s on %s", setting, on.stream().sorted().toList()));
    }

    private List<Integer> replicasNow(int partition) {
        return Topics.describe(admin, TOPIC).partitions().get(partition).replicas().stream().map(n -> n.id()).toList();
    }

    private boolean moving(TopicPartition tp) throws Exception {
        return admin.listPartitionReassignments(Set.of(tp)).reassignments().get(30, TimeUnit.SECONDS).containsKey(tp);
    }

}
