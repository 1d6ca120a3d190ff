package io.kafkalessons.lesson21;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Four consumers on a topic of two partitions: as a consumer group two of them sit idle, as a
 * share group all four get jobs, each job exactly once.
 */
final class SharingStep {

    static final String TOPIC = "lesson21-jobs";
    static final String SHARE_GROUP = "lesson21-workers";
    static final String CONSUMER_GROUP = "lesson21-readers";
    static final int PARTITIONS = 2;
    static final int CONSUMERS = 4;
    static final int JOBS = 40;
    /** Each poll takes at most this many jobs, so that a fast consumer leaves some for the others. */
    static final int PER_POLL = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Broker broker;

    SharingStep(Broker broker) {
        this.broker = broker;
    }

    /**
     * Both groups join first (four members each); then the jobs are sent, and each group reads them.
     * Returns jobs received per consumer: the share group's, then the consumer group's.
     */
    ShareGroupsResult.Sharing run() throws Exception {
        broker.recreate(TOPIC, PARTITIONS);
        List<KafkaConsumer<String, String>> readers = new ArrayList<>();
        List<KafkaShareConsumer<String, String>> workers = new ArrayList<>();
        try {
            for (int i = 0; i < CONSUMERS; i++) {
                var props = Clients.consumer(broker.bootstrapServers(), CONSUMER_GROUP);
                props.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                readers.add(new KafkaConsumer<>(props));
                readers.get(i).subscribe(List.of(TOPIC));
                workers.add(broker.shareConsumer(SHARE_GROUP, PER_POLL));
                workers.get(i).subscribe(List.of(TOPIC));
            }
            Poll.until(TIMEOUT, Duration.ofMillis(1), () -> {
                readers.forEach(r -> r.poll(Duration.ofMillis(100)));
                return readers.stream().mapToInt(r -> r.assignment().size()).sum() == PARTITIONS
                        && broker.consumerGroupMembers(CONSUMER_GROUP) == CONSUMERS;
            }, () -> "consumer group " + CONSUMER_GROUP + " did not settle with " + CONSUMERS + " members");
            broker.awaitShareMembers(SHARE_GROUP, workers);
            broker.send(TOPIC, JOBS);
            List<Integer> shared = shareGroup(workers);
            List<Integer> grouped = consumerGroup(readers);
            return new ShareGroupsResult.Sharing(shared, grouped);
        } finally {
            workers.forEach(KafkaShareConsumer::close);
            readers.forEach(KafkaConsumer::close);
        }
    }

    private List<Integer> shareGroup(List<KafkaShareConsumer<String, String>> consumers) {
        List<Integer> received = new ArrayList<>(List.of(0, 0, 0, 0));
        Set<String> seen = new HashSet<>();
        // tag::share-loop[]
        Poll.until(TIMEOUT, Duration.ofMillis(1), () -> {
            for (int i = 0; i < CONSUMERS; i++) {
                for (ConsumerRecord<String, String> job : consumers.get(i).poll(Duration.ofMillis(200))) {
                    seen.add(job.value());
                    received.set(i, received.get(i) + 1);
                    consumers.get(i).acknowledge(job, AcknowledgeType.ACCEPT);   // done: never delivered again
                }
                consumers.get(i).commitSync();
            }
            return seen.size() == JOBS;
        }, () -> "the share group received " + seen.size() + " of " + JOBS + " jobs");
        // end::share-loop[]
        broker.narrator().say("share", "share group %s, %d consumers on %d partitions: jobs per consumer %s, %d distinct",
                SHARE_GROUP, CONSUMERS, PARTITIONS, received, seen.size());
        return received;
    }

    private List<Integer> consumerGroup(List<KafkaConsumer<String, String>> consumers) {
        List<Integer> received = new ArrayList<>(List.of(0, 0, 0, 0));
        Poll.until(TIMEOUT, Duration.ofMillis(1), () -> {
            for (int i = 0; i < CONSUMERS; i++) {
                received.set(i, received.get(i) + consumers.get(i).poll(Duration.ofMillis(100)).count());
            }
            return received.stream().mapToInt(Integer::intValue).sum() == JOBS;
        }, () -> "the consumer group read " + received + " of " + JOBS);
        long idle = received.stream().filter(n -> n == 0).count();
        broker.narrator().say("group", "consumer group %s, %d consumers: records per consumer %s; %d idle", CONSUMER_GROUP,
                CONSUMERS, received, idle);
        return received;
    }
}
