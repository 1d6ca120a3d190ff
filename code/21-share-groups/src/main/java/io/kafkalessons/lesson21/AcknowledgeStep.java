package io.kafkalessons.lesson21;

import io.kafkalessons.sandbox.Poll;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a share consumer does with each record, and what the broker does when it does nothing:
 * ACCEPT, RELEASE and REJECT; a lock that times out; a record released until it is archived.
 */
final class AcknowledgeStep {

    static final String ACK_TOPIC = "lesson21-acks";
    static final String LOCK_TOPIC = "lesson21-locks";
    static final String POISON_TOPIC = "lesson21-poison";
    /** The share group's delivery limit for the poison step (Kafka's default is 5; 2 is the smallest allowed). */
    static final int DELIVERY_LIMIT = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Broker broker;
    private final long lockMillis;

    AcknowledgeStep(Broker broker, long lockMillis) {
        this.broker = broker;
        this.lockMillis = lockMillis;
    }

    /** Five jobs: 0 accepted, 1 released, 2 rejected, 3 and 4 accepted; then whatever comes back. */
    ShareGroupsResult.Acks acknowledgements() throws Exception {
        String group = prepare(ACK_TOPIC, Map.of());
        broker.send(ACK_TOPIC, 5);
        List<String> deliveries = new ArrayList<>();
        try (KafkaShareConsumer<String, String> consumer = broker.shareConsumer(group, 5)) {
            consumer.subscribe(List.of(ACK_TOPIC));
            List<AcknowledgeType> plan = List.of(AcknowledgeType.ACCEPT, AcknowledgeType.RELEASE, AcknowledgeType.REJECT,
                    AcknowledgeType.ACCEPT, AcknowledgeType.ACCEPT);
            Poll.until(TIMEOUT, Duration.ofMillis(1), () -> {
                for (ConsumerRecord<String, String> job : consumer.poll(Duration.ofMillis(200))) {
                    int n = Integer.parseInt(job.value().substring("job-".length()));
                    AcknowledgeType ack = deliveries.size() < 5 ? plan.get(n) : AcknowledgeType.ACCEPT;
                    consumer.acknowledge(job, ack);
                    deliveries.add(job.value() + "#" + job.deliveryCount().orElseThrow() + ":" + ack);
                }
                consumer.commitSync();
                return deliveries.size() == 6;
            }, () -> "the acknowledgement step saw " + deliveries);
            int extra = quietFor(consumer, Duration.ofSeconds(1));
            broker.narrator().say("share", "%s", String.join("  ", deliveries));
            broker.narrator().notice("job-1 (RELEASE) came back with delivery count 2; job-2 (REJECT) never did.");
            return new ShareGroupsResult.Acks(deliveries, extra);
        }
    }

    /** One consumer takes three jobs and stops without acknowledging; another gets them when the lock runs out. */
    ShareGroupsResult.Lock lockTimeout() throws Exception {
        String group = prepare(LOCK_TOPIC, Map.of());
        KafkaShareConsumer<String, String> stuck = broker.shareConsumer(group, 3);
        try (KafkaShareConsumer<String, String> healthy = broker.shareConsumer(group, 3)) {
            // Consumer B joins only once A holds the jobs: a share consumer that has polled keeps a fetch
            // waiting at the broker, so B, joined early, could take the jobs first and hold them unseen.
            stuck.subscribe(List.of(LOCK_TOPIC));
            broker.awaitShareMembers(group, List.of(stuck));
            // The clock starts before the send: the broker may lock the jobs for A the moment they arrive (A's
            // fetch is waiting there), some milliseconds before A's poll returns them.
            long sent = System.nanoTime();
            broker.send(LOCK_TOPIC, 3);
            List<ConsumerRecord<String, String>> taken = new ArrayList<>();
            Poll.until(TIMEOUT, Duration.ofMillis(1), () -> {
                stuck.poll(Duration.ofMillis(200)).forEach(taken::add);
                return taken.size() == 3;
            }, () -> "the first consumer did not get the 3 jobs");
            broker.narrator().say("share", "consumer A took %d jobs and stops answering (no acknowledgement, no poll); "
                    + "their lock lasts %d ms", taken.size(), lockMillis);
            List<String> redelivered = new ArrayList<>();
            healthy.subscribe(List.of(LOCK_TOPIC));
            Poll.until(TIMEOUT, Duration.ofMillis(1), () -> {
                for (ConsumerRecord<String, String> job : healthy.poll(Duration.ofMillis(200))) {
                    redelivered.add(job.value() + "#" + job.deliveryCount().orElseThrow());
                    healthy.acknowledge(job, AcknowledgeType.ACCEPT);
                }
                healthy.commitSync();
                return redelivered.size() == 3;
            }, () -> "consumer B did not get the 3 jobs after the lock ran out");
            long afterMillis = (System.nanoTime() - sent) / 1_000_000;
            broker.narrator().say("share", "consumer B got %s, %d ms after the jobs were sent", redelivered, afterMillis);
            return new ShareGroupsResult.Lock(lockMillis, afterMillis, redelivered);
        } finally {
            stuck.close(Duration.ZERO);
        }
    }

    /** A job that fails every time: released, redelivered, until the delivery limit archives it. */
    ShareGroupsResult.Poison poison() throws Exception {
        String group = prepare(POISON_TOPIC, Map.of("share.delivery.count.limit", Integer.toString(DELIVERY_LIMIT)));
        broker.send(POISON_TOPIC, 1);
        List<Integer> counts = new ArrayList<>();
        try (KafkaShareConsumer<String, String> consumer = broker.shareConsumer(group, 1)) {
            consumer.subscribe(List.of(POISON_TOPIC));
            Poll.until(TIMEOUT, Duration.ofMillis(1), () -> {
                for (ConsumerRecord<String, String> job : consumer.poll(Duration.ofMillis(200))) {
                    counts.add((int) job.deliveryCount().orElseThrow());
                    consumer.acknowledge(job, AcknowledgeType.RELEASE);       // "could not process it, try again"
                }
                consumer.commitSync();
                return counts.size() == DELIVERY_LIMIT;
            }, () -> "the poison job was delivered " + counts.size() + " times");
            int more = quietFor(consumer, Duration.ofSeconds(1));
            broker.narrator().say("share", "the failing job was delivered %d times (delivery counts %s), then %d times "
                    + "in the next second", counts.size(), counts, more);
            return new ShareGroupsResult.Poison(counts, more);
        }
    }

    /** Creates the topic (1 partition) and sets the group's own settings; returns the group's name. */
    private String prepare(String topic, Map<String, String> extra) throws Exception {
        broker.recreate(topic, 1);
        String group = topic + "-group";
        Map<String, String> settings = new java.util.HashMap<>(extra);
        // Share groups start at the end of the log by default; these read the jobs sent just before.
        settings.put("share.auto.offset.reset", "earliest");
        settings.put("share.record.lock.duration.ms", Long.toString(lockMillis));
        broker.configureGroup(group, settings);
        return group;
    }

    /** Polls for {@code quiet} and returns how many records still arrived (each accepted). */
    private static int quietFor(KafkaShareConsumer<String, String> consumer, Duration quiet) {
        int arrived = 0;
        long end = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < end) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, String> r : records) {
                consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                arrived++;
            }
            consumer.commitSync();
        }
        return arrived;
    }
}
