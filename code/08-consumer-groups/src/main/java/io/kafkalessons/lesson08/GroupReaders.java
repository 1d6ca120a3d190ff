package io.kafkalessons.lesson08;

import io.kafkalessons.lesson08.ConsumerGroupsResult.CommitRun;
import io.kafkalessons.lesson08.ConsumerGroupsResult.GroupRun;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Offsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static io.kafkalessons.lesson08.ConsumerGroupsLesson.FAIL_AT;
import static io.kafkalessons.lesson08.ConsumerGroupsLesson.ORDERS;
import static io.kafkalessons.lesson08.ConsumerGroupsLesson.PARTITIONS;
import static io.kafkalessons.lesson08.ConsumerGroupsLesson.PAYMENTS;
import static io.kafkalessons.lesson08.ConsumerGroupsLesson.PROCESS_BEFORE_STOP;
import static io.kafkalessons.lesson08.ConsumerGroupsLesson.RECORDS;

/**
 * The group members of lesson 8 and what they do: read as a group until it is stable, process
 * some records and commit, resume, or fail in the middle of a batch.
 */
final class GroupReaders {

    static final int AUTO_COMMIT_BATCH = 50;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final Narrator narrator;
    private final int autoCommitBatch;

    /** @param autoCommitBatch the most records one poll returns in the failing run ({@link #AUTO_COMMIT_BATCH}; "Try this" 3: 10) */
    GroupReaders(String bootstrapServers, Narrator narrator, int autoCommitBatch) {
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.autoCommitBatch = autoCommitBatch;
    }

    /** Starts {@code members} consumers in one group, polls them in turn until the group is stable and has read everything. */
    GroupRun runGroup(String groupId, int members) {
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(groupId, false));
                consumer.subscribe(List.of(ORDERS));
                consumers.add(consumer);
            }
            Set<String> seen = new HashSet<>();
            Poll.until(TIMEOUT, Duration.ZERO, () -> {
                for (KafkaConsumer<String, String> c : consumers) {
                    c.poll(POLL).forEach(r -> seen.add(r.value()));
                }
                return seen.size() == RECORDS && stable(consumers);
            }, () -> "group " + groupId + " did not settle and read everything");
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < consumers.size(); i++) {
                KafkaConsumer<String, String> c = consumers.get(i);
                sizes.add(c.assignment().size());
                c.commitSync();
                narrator.say("consumer-" + (i + 1), "partitions %s", sorted(c.assignment()));
            }
            sizes.sort(Comparator.reverseOrder());
            narrator.say("group", "%d records read, every partition owned by exactly one member", seen.size());
            return new GroupRun(members, List.copyOf(sizes), seen.size());
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }
    }

    /**
     * Every member has joined the same generation, together they own each partition once, and each
     * owner has read its partitions to the end.
     */
    private static boolean stable(List<KafkaConsumer<String, String>> consumers) {
        Set<Integer> generations = consumers.stream().map(c -> c.groupMetadata().generationId()).collect(Collectors.toSet());
        int owned = consumers.stream().mapToInt(c -> c.assignment().size()).sum();
        Set<TopicPartition> union = new HashSet<>();
        consumers.forEach(c -> union.addAll(c.assignment()));
        if (generations.size() != 1 || generations.iterator().next() <= 0 || owned != PARTITIONS || union.size() != PARTITIONS) {
            return false;
        }
        for (KafkaConsumer<String, String> c : consumers) {
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            if (c.assignment().stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                return false;
            }
        }
        return true;
    }

    /** Processes exactly {@link ConsumerGroupsLesson#PROCESS_BEFORE_STOP} records and commits the offset after each one processed. */
    Set<String> processAndCommit(String groupId) {
        Set<String> processed = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(groupId, false))) {
            consumer.subscribe(List.of(ORDERS));
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            Poll.until(TIMEOUT, Duration.ZERO, () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (processed.size() == PROCESS_BEFORE_STOP) {
                        break;
                    }
                    processed.add(r.value());
                    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                return processed.size() == PROCESS_BEFORE_STOP;
            }, () -> "could not process " + PROCESS_BEFORE_STOP + " records");
            // tag::commit[]
            consumer.commitSync(next);
            // end::commit[]
        }
        return processed;
    }

    /** A new member of the group reads until every partition is at its end. */
    Set<String> readRest(String groupId) {
        Set<String> read = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(groupId, false))) {
            consumer.subscribe(List.of(ORDERS));
            Poll.until(TIMEOUT, Duration.ZERO, () -> {
                consumer.poll(POLL).forEach(r -> read.add(r.value()));
                if (consumer.assignment().size() < PARTITIONS) {
                    return false;
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
                return consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            }, () -> "the restarted member did not reach the end");
        }
        return read;
    }

    /** Processing fails at record {@link ConsumerGroupsLesson#FAIL_AT}; the consumer closes; returns what the group committed. */
    CommitRun failAndRestart(Admin admin, String groupId, boolean autoCommit) throws Exception {
        int processed = 0;
        Properties props = consumerProperties(groupId, autoCommit);
        // A bounded batch: poll() hands over at most 50 records at a time.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, autoCommitBatch);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(PAYMENTS));
            List<ConsumerRecord<String, String>> batch = new ArrayList<>();
            Poll.until(TIMEOUT, Duration.ZERO, () -> {
                consumer.poll(POLL).forEach(batch::add);
                return !batch.isEmpty();
            }, () -> "no records for " + groupId);
            for (ConsumerRecord<String, String> r : batch) {
                if (r.offset() == FAIL_AT) {
                    break;
                }
                processed++;
                if (!autoCommit) {
                    consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
                }
            }
        }
        long committed = Offsets.committed(admin, groupId).getOrDefault(new TopicPartition(PAYMENTS, 0), 0L);
        return new CommitRun(processed, committed, Math.max(0, committed - processed));
    }

    static List<String> sorted(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().toList();
    }

    Properties consumerProperties(String groupId, boolean autoCommit) {
        Properties props = Clients.consumer(bootstrapServers, groupId);
        // A new group starts at the oldest record instead of only seeing records written from now on.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // tag::auto-commit[]
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, autoCommit);
        // end::auto-commit[]
        return props;
    }
}
