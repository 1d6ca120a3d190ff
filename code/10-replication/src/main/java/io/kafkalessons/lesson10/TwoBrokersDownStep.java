package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.Probe;
import io.kafkalessons.lesson10.ReplicationResult.TwoDown;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static io.kafkalessons.lesson10.ReplicationLesson.RF3_TOPIC;
import static io.kafkalessons.lesson10.ReplicationLesson.RF5_TOPIC;

/**
 * "Five nodes keep working with two down": true for RF=5 with min.insync.replicas=3 and for a
 * quorum of five controllers, not for the RF=3 partitions that had both dead brokers.
 */
final class TwoBrokersDownStep {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Lab lab;
    private final Admin admin;

    TwoBrokersDownStep(Lab lab) {
        this.lab = lab;
        this.admin = lab.admin();
    }

    /** Creates the step's two topics while all five brokers are up (called during step 1). */
    void prepare() throws Exception {
        List<Integer> all = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).sorted().toList();
        // RF=5: every broker has every partition; partition p prefers broker p+1 as its leader.
        Map<Integer, List<Integer>> rf5 = new TreeMap<>();
        for (int p = 0; p < all.size(); p++) {
            int first = p;
            rf5.put(p, IntStream.range(0, all.size()).mapToObj(i -> all.get((first + i) % all.size())).toList());
        }
        // RF=3: one partition for each of the ten ways to choose three of the five brokers.
        Map<Integer, List<Integer>> rf3 = new TreeMap<>();
        for (List<Integer> trio : trios(all)) {
            rf3.put(rf3.size(), trio);
        }
        Topics.recreate(admin, new NewTopic(RF5_TOPIC, rf5).configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3")));
        Topics.recreate(admin, new NewTopic(RF3_TOPIC, rf3).configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
        lab.narrator().say("admin", "for the two-brokers-down step: %s, %d partitions on all 5 brokers, min.insync.replicas=3",
                RF5_TOPIC, rf5.size());
        lab.narrator().say("admin", "and %s, %d partitions, one per set of 3 brokers, min.insync.replicas=2",
                RF3_TOPIC, rf3.size());
    }

    TwoDown run() throws Exception {
        Narrator narrator = lab.narrator();
        // Before anything is printed: a cluster with fewer than five brokers, or whose quorum would not survive, skips the step.
        List<Integer> calm = Replicas.calmBrokers(admin, 4, Replicas.Order.VOTERS_FIRST);
        List<Integer> down = List.of(calm.get(2), calm.get(3));
        Replicas.requireQuorumSurvives(admin, down);
        narrator.step("five brokers, each also a controller: kill two of them");
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> Replicas.fullIsr(admin, RF5_TOPIC) && Replicas.fullIsr(admin, RF3_TOPIC),
                () -> "not every replica of this step's topics was in sync");
        narrator.subStep("every replica is in sync; kill -9 brokers %s", down);
        down.forEach(lab.faults()::kill);
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> {
            List<TopicPartitionInfo> parts = new ArrayList<>(Topics.describe(admin, RF5_TOPIC).partitions());
            parts.addAll(Topics.describe(admin, RF3_TOPIC).partitions());
            return parts.stream().allMatch(p -> p.leader() != null && !down.contains(p.leader().id())
                    && Replicas.ids(p.isr()).stream().noneMatch(down::contains));
        }, () -> "the partitions did not drop brokers " + down);

        QuorumInfo quorum = Replicas.quorum(admin);
        boolean writable = metadataWritable();
        narrator.say("admin", "controller quorum: %d voters, active controller %d; a metadata change succeeds: %s",
                quorum.voters().size(), quorum.leaderId(), writable);
        List<Probe> rf5Probes = probe(RF5_TOPIC);
        List<Probe> rf3Probes = probe(RF3_TOPIC);
        narrator.say("producer", "one acks=all write per partition, no retries:");
        for (Probe p : concat(rf5Probes, rf3Probes)) {
            narrator.say("producer", "  %-22s replicas %-15s ISR %-11s %s", p.name(), p.replicas(), p.isr(), p.outcome());
        }
        TwoDown result = new TwoDown(down, quorum.voters().size(), quorum.leaderId(), writable, rf5Probes, rf3Probes);
        narrator.notice("\"5 nodes keep working with 2 down\" holds for RF=5 with min.insync.replicas=3, and for the");
        narrator.notice("quorum of 5 controllers, which needs 3. With RF=3 and min.insync.replicas=2 it fails for the");
        narrator.notice("partitions that had both dead brokers among their 3 replicas: %s.",
                result.rf3LostTwo().stream().sorted().toList());
        narrator.notice("A quorum of 3 controllers would be gone with two nodes down (lesson 13 shows that).");
        return result;
    }

    /** Sends one acks=all record to every partition, without retries, and records the answer. */
    private List<Probe> probe(String topic) throws Exception {
        List<Probe> probes = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(lab.noRetryProducer())) {
            for (TopicPartitionInfo p : Topics.describe(admin, topic).partitions()) {
                AtomicReference<String> outcome = new AtomicReference<>("none");
                // A broker can still answer from metadata a moment old; try again on anything but the answer we study.
                Poll.until(Duration.ofSeconds(20), Duration.ofMillis(200), () -> {
                    try {
                        producer.send(new ProducerRecord<>(topic, p.partition(), null, "probe")).get(10, TimeUnit.SECONDS);
                        outcome.set("accepted");
                        return true;
                    } catch (ExecutionException e) {
                        outcome.set("refused: " + e.getCause().getClass().getSimpleName());
                        return e.getCause() instanceof NotEnoughReplicasException;
                    }
                }, () -> "partition " + topic + "-" + p.partition() + " gave neither an answer nor a refusal: " + outcome.get());
                probes.add(new Probe(topic, p.partition(), Replicas.ids(p.replicas()), Replicas.ids(p.isr()), outcome.get()));
            }
        }
        return probes;
    }

    private boolean metadataWritable() {
        try {
            Topics.recreate(admin, new NewTopic("lesson10-metadata-check", 1, (short) 1));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<Probe> concat(List<Probe> first, List<Probe> second) {
        List<Probe> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<List<Integer>> trios(List<Integer> ids) {
        List<List<Integer>> trios = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                for (int k = j + 1; k < ids.size(); k++) {
                    trios.add(List.of(ids.get(i), ids.get(j), ids.get(k)));
                }
            }
        }
        return trios;
    }
}
