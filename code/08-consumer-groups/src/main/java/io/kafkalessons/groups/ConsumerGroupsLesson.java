package io.kafkalessons.groups;

import io.kafkalessons.groups.ConsumerGroupsResult.CommitRun;
import io.kafkalessons.groups.ConsumerGroupsResult.GroupRun;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lesson 8: a consumer group shares a topic's partitions among its members, each partition to
 * exactly one member; groups are independent of each other; and a group remembers how far it got
 * (committed offsets), which is what lag is measured against and where a restart resumes.
 */
public final class ConsumerGroupsLesson {

    public static final String ORDERS = "lesson08-orders";
    public static final String PAYMENTS = "lesson08-payments";
    public static final List<String> EVENT_TOPICS = List.of("lesson08-refund-events", "lesson08-shipment-events");
    public static final Pattern EVENTS_PATTERN = Pattern.compile("lesson08-.*-events");
    public static final int PARTITIONS = 4;
    public static final int RECORDS = 100;
    public static final int EVENT_RECORDS = 10;
    public static final int PROCESS_BEFORE_STOP = 60;
    public static final int FAIL_AT = 10;
    static final String GROUP_PREFIX = "lesson08-";
    private static final int AUTO_COMMIT_BATCH = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final Narrator narrator;

    public ConsumerGroupsLesson(String bootstrapServers, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
    }

    public ConsumerGroupsResult run() throws Exception {
        narrator.intro(
                "Consumers that share a group.id split a topic's partitions between them: each partition goes to",
                "exactly one member. Watch for: idle members when there are more members than partitions, two",
                "groups reading the same records independently, and a restart resuming at the committed offset.");
        try (Admin admin = Admin.create(adminProperties())) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            narrator.step("create %s (%d partitions) and write %d orders", ORDERS, PARTITIONS, RECORDS);
            Topics.recreate(admin, new NewTopic(ORDERS, PARTITIONS, replicas));
            Topics.recreate(admin, new NewTopic(PAYMENTS, 1, replicas));
            for (String topic : EVENT_TOPICS) {
                Topics.recreate(admin, new NewTopic(topic, 2, replicas));
            }
            produce(ORDERS, RECORDS, PARTITIONS);
            produce(PAYMENTS, RECORDS, 1);
            for (String topic : EVENT_TOPICS) {
                produce(topic, EVENT_RECORDS, 2);
            }
            Topics.deleteGroups(admin, GROUP_PREFIX);

            List<GroupRun> groups = new ArrayList<>();
            for (int members : List.of(1, PARTITIONS, PARTITIONS + 2)) {
                narrator.step("a group of %d consumer%s reads %s", members, members == 1 ? "" : "s", ORDERS);
                groups.add(runGroup(GROUP_PREFIX + members + "-members", members));
            }
            narrator.notice("a partition is never shared inside a group, so more members than partitions adds nothing.");

            narrator.step("a second group reads the same topic");
            String second = GROUP_PREFIX + "audit";
            GroupRun audit = runGroup(second, 1);
            long firstCommitted = committed(admin, GROUP_PREFIX + PARTITIONS + "-members").values().stream()
                    .mapToLong(Long::longValue).sum();
            narrator.say("admin", "group %s4-members still has %d committed; %s read all %d on its own",
                    GROUP_PREFIX, firstCommitted, second, audit.recordsRead());
            narrator.notice("reading does not use records up: every group has its own offsets.");

            narrator.step("one consumer subscribes to a pattern: %s", EVENTS_PATTERN);
            Set<String> patternTopics = new TreeSet<>();
            int patternRead;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(GROUP_PREFIX + "pattern", false))) {
                consumer.subscribe(EVENTS_PATTERN);
                Set<String> seen = new HashSet<>();
                Poll.until(TIMEOUT, Duration.ZERO, () -> {
                    consumer.poll(POLL).forEach(r -> seen.add(r.topic() + "/" + r.value()));
                    return seen.size() == EVENT_TOPICS.size() * EVENT_RECORDS;
                }, () -> "the pattern consumer did not read every event");
                consumer.assignment().forEach(tp -> patternTopics.add(tp.topic()));
                patternRead = seen.size();
                narrator.say("consumer", "assigned %s, read %d records", sorted(consumer.assignment()), patternRead);
            }
            narrator.notice("a pattern is re-checked as topics come and go (metadata.max.age.ms): new matches join in.");

            narrator.step("a member processes %d orders, commits, and stops", PROCESS_BEFORE_STOP);
            String resumeGroup = GROUP_PREFIX + "resume";
            Set<String> processed = processAndCommit(resumeGroup);
            Map<TopicPartition, Long> committed = committed(admin, resumeGroup);
            long committedSum = committed.values().stream().mapToLong(Long::longValue).sum();
            long endSum = endOffsets(admin, ORDERS).values().stream().mapToLong(Long::longValue).sum();
            narrator.say("admin", "committed offsets %s (sum %d); end offsets sum %d; lag %d",
                    new java.util.TreeMap<>(committed.entrySet().stream()
                            .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue))),
                    committedSum, endSum, endSum - committedSum);
            Set<String> resumed = readRest(resumeGroup);
            Set<String> overlap = new HashSet<>(resumed);
            overlap.retainAll(processed);
            narrator.say("consumer", "a new member of %s read %d records, %d of them already processed",
                    resumeGroup, resumed.size(), overlap.size());
            narrator.notice("lag = end offset - committed offset: the work the group has not yet acknowledged.");

            narrator.step("processing fails at record %d of %s: auto commit versus manual commit", FAIL_AT, PAYMENTS);
            CommitRun auto = failAndRestart(admin, GROUP_PREFIX + "auto-commit", true);
            CommitRun manual = failAndRestart(admin, GROUP_PREFIX + "manual-commit", false);
            narrator.say("auto commit", "processed %d, committed offset %d on close: %d records will never be processed",
                    auto.processed(), auto.committed(), auto.skipped());
            narrator.say("manual commit", "processed %d, committed offset %d: the restart begins at the failed record",
                    manual.processed(), manual.committed());
            narrator.notice("auto commit commits what poll() returned, not what you finished; commit yourself after");
            narrator.notice("processing when every record matters (at-least-once; lesson 11 goes further).");

            return new ConsumerGroupsResult(groups, audit.recordsRead(), firstCommitted, List.copyOf(patternTopics),
                    patternRead, committedSum, endSum - committedSum, resumed.size(), overlap.size(), auto, manual);
        }
    }

    /** Starts {@code members} consumers in one group, polls them in turn until the group is stable and has read everything. */
    private GroupRun runGroup(String groupId, int members) {
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

    /** Processes exactly {@link #PROCESS_BEFORE_STOP} records and commits the offset after each one processed. */
    private Set<String> processAndCommit(String groupId) {
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
    private Set<String> readRest(String groupId) {
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

    /** Processing fails at record {@link #FAIL_AT}; the consumer closes; returns what the group committed. */
    private CommitRun failAndRestart(Admin admin, String groupId, boolean autoCommit) throws Exception {
        int processed = 0;
        Properties props = consumerProperties(groupId, autoCommit);
        // A bounded batch: poll() hands over at most 50 records at a time.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, AUTO_COMMIT_BATCH);
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
        long committed = committed(admin, groupId).getOrDefault(new TopicPartition(PAYMENTS, 0), 0L);
        return new CommitRun(processed, committed, Math.max(0, committed - processed));
    }

    private void produce(String topic, int count, int partitions) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, String.format("%s-%03d", topic, i)));
            }
            producer.flush();
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((tp, om) -> {
                    if (om != null) {
                        offsets.put(tp, om.offset());
                    }
                });
        return offsets;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private static List<String> sorted(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().toList();
    }

    private Properties adminProperties() {
        return Clients.admin(bootstrapServers);
    }

    private Properties producerProperties() {
        return Clients.producer(bootstrapServers);
    }

    private Properties consumerProperties(String groupId, boolean autoCommit) {
        Properties props = Clients.consumer(bootstrapServers, groupId);
        // A new group starts at the oldest record instead of only seeing records written from now on.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // tag::auto-commit[]
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, autoCommit);
        // end::auto-commit[]
        return props;
    }
}
