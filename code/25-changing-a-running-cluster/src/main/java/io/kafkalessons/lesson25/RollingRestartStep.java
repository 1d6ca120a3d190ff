package io.kafkalessons.lesson25;

import io.kafkalessons.lesson25.ChangingResult.Rolling;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.KeyedTraffic;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A rolling restart, the way a configuration change or an upgrade reaches every broker: one broker
 * at a time, a clean stop (the controller moves its leaderships away first), a start, and no next
 * broker until every partition has all its replicas in sync again. Meanwhile a producer writes with
 * acks=all, and the partitions' leaders are read every 100 ms.
 */
final class RollingRestartStep {

    static final String TOPIC = "lesson25-rolling";
    static final int PARTITIONS = 4;
    /** The producer writes numbered records for this many keys, in order per key. */
    static final int KEYS = 12;
    private static final Duration CAUGHT_UP = Duration.ofSeconds(60);

    private final Admin admin;
    private final String bootstrapServers;
    private final Faults faults;
    private final Narrator narrator;

    RollingRestartStep(Admin admin, String bootstrapServers, Faults faults, Narrator narrator) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.faults = faults;
        this.narrator = narrator;
    }

    Rolling run() throws Exception {
        List<Integer> brokers = new ArrayList<>(faults.clientAddresses().keySet());
        createTopic(brokers);
        int controller = KafkaMetadata.activeController(admin).orElseThrow();
        // tag::order[]
        // The active controller goes last: restarting it moves the controller, so do that once.
        List<Integer> order = brokers.stream().filter(id -> id != controller).collect(Collectors.toCollection(ArrayList::new));
        if (brokers.contains(controller)) {
            order.add(controller);
        }
        // end::order[]
        narrator.say("admin", "%s: %d partitions, 3 replicas, min.insync.replicas=2; restart order %s (%d, the active"
                + " controller, last)", TOPIC, PARTITIONS, order, controller);
        List<Long> restartMs = new ArrayList<>();
        try (KeyedTraffic traffic = new KeyedTraffic(bootstrapServers, TOPIC, KEYS);
             LeaderWatch watch = new LeaderWatch(admin, TOPIC)) {
            traffic.awaitAcknowledged(200);
            for (int id : order) {
                restartMs.add(restart(id, brokers.size()));
            }
            traffic.awaitAcknowledged(traffic.acknowledgedSoFar() + 200);
            LeaderWatch.Seen seen = watch.finish();
            KeyedTraffic.Tally tally = traffic.finish();
            narrator.say("producer", "%d records acknowledged, %d sends failed", tally.acknowledged(), tally.failed());
            narrator.say("admin", "leaders read %d times during the restarts: %d times a partition had none; smallest ISR %d",
                    seen.samples(), seen.offline(), seen.minIsr());
            narrator.say("consumer", "read the topic back: %d of the acknowledged records missing, %d duplicates,"
                    + " %d keys out of order", tally.lost(), tally.duplicates(), tally.keysOutOfOrder());
            int last = order.get(order.size() - 1);
            int lastLeads = (int) Topics.describe(admin, TOPIC).partitions().stream()
                    .filter(p -> p.leader() != null && p.leader().id() == last).count();
            int notPreferred = notPreferred();
            electPreferred();
            int notPreferredAfter = notPreferred();
            narrator.say("admin", "broker %d, restarted last, leads %d partitions; partitions not led by their first replica:"
                    + " %d after the restarts, %d after a preferred leader election", last, lastLeads, notPreferred, notPreferredAfter);
            narrator.notice("a clean stop hands leadership over before the broker goes, so no partition was ever without a");
            narrator.notice("leader and no acknowledged record was lost. It does not hand it back: the last broker restarted");
            narrator.notice("leads nothing until the controller's periodic rebalance, or an election like this one");
            return new Rolling(order, controller, restartMs, tally.acknowledged(), tally.failed(), tally.lost(),
                    tally.duplicates(), tally.keysOutOfOrder(), seen.samples(), seen.offline(), seen.minIsr(), lastLeads, notPreferred,
                    notPreferredAfter);
        }
    }

    /** Each broker is the first (preferred) replica of one partition, so every broker leads one when all is well. */
    private void createTopic(List<Integer> brokers) throws Exception {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            int first = p;
            assignment.put(p, IntStream.range(0, 3).mapToObj(i -> brokers.get((first + i) % brokers.size())).toList());
        }
        Topics.recreate(admin, new NewTopic(TOPIC, assignment).configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
    }

    /** Stops broker {@code id} cleanly, starts it, waits until no partition is under-replicated; returns how long that took. */
    private long restart(int id, int brokers) throws Exception {
        long start = System.nanoTime();
        // tag::restart[]
        faults.stop(id);     // SIGTERM: a controlled shutdown
        long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        faults.restart(id);
        // The rule of a rolling restart: the next broker only once every partition has all its replicas in sync.
        KafkaMetadata.awaitBrokers(admin, brokers, CAUGHT_UP);
        Poll.until(CAUGHT_UP, Duration.ofMillis(100), () -> underReplicated() == 0,
                () -> "partitions still under-replicated " + CAUGHT_UP.toSeconds() + " s after broker " + id + " restarted");
        // end::restart[]
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        narrator.say("sandbox", "broker %d: stopped cleanly in %.1f s, started, all replicas in sync again after %.1f s",
                id, stoppedMs / 1000.0, tookMs / 1000.0);
        return tookMs;
    }

    /** Partitions of every lesson topic whose ISR is smaller than their replica list. */
    private int underReplicated() throws Exception {
        int count = 0;
        for (String topic : lessonTopics()) {
            count += Topics.underReplicated(admin, topic);
        }
        return count;
    }

    private List<String> lessonTopics() throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith("lesson25-")).sorted().toList();
    }

    private int notPreferred() {
        return (int) Topics.describe(admin, TOPIC).partitions().stream()
                .filter(p -> p.leader() == null || p.leader().id() != p.replicas().get(0).id()).count();
    }

    private void electPreferred() throws Exception {
        Set<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p))
                .collect(Collectors.toSet());
        // Partitions already led by their first replica answer "election not needed": not an error here.
        admin.electLeaders(ElectionType.PREFERRED, partitions).partitions().get(30, TimeUnit.SECONDS);
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> notPreferred() == 0,
                () -> "the preferred leaders of " + TOPIC + " did not take over within 10 s");
    }
}
