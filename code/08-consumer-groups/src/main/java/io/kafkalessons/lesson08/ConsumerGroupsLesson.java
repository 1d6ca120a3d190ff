package io.kafkalessons.lesson08;

import io.kafkalessons.lesson08.ConsumerGroupsResult.CommitRun;
import io.kafkalessons.lesson08.ConsumerGroupsResult.GroupRun;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Offsets;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.kafkalessons.lesson08.GroupReaders.POLL;
import static io.kafkalessons.lesson08.GroupReaders.TIMEOUT;

/**
 * Lesson 8: a consumer group shares a topic's partitions among its members, each partition to
 * exactly one member; groups are independent of each other; and a group remembers how far it got
 * (committed offsets), which is what lag is measured against and where a restart resumes. The
 * members' work is in {@link GroupReaders}; this class is the order of the steps.
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

    private final String bootstrapServers;
    private final Narrator narrator;
    private final GroupReaders readers;

    public ConsumerGroupsLesson(String bootstrapServers, Narrator narrator) {
        this(bootstrapServers, narrator, GroupReaders.AUTO_COMMIT_BATCH);
    }

    /** @param autoCommitBatch max.poll.records of the failing auto-commit run (50; "Try this" 3: 10) */
    public ConsumerGroupsLesson(String bootstrapServers, Narrator narrator, int autoCommitBatch) {
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.readers = new GroupReaders(bootstrapServers, narrator, autoCommitBatch);
    }

    public ConsumerGroupsResult run() throws Exception {
        narrator.intro(
                "Consumers that share a group.id split a topic's partitions between them: each partition goes to",
                "exactly one member. Watch for: idle members when there are more members than partitions, two",
                "groups reading the same records independently, and a restart resuming at the committed offset.");
        try (Admin admin = Admin.create(Clients.admin(bootstrapServers))) {
            createTopics(admin);
            List<GroupRun> groups = new ArrayList<>();
            for (int members : List.of(1, PARTITIONS, PARTITIONS + 2)) {
                narrator.step("a group of %d consumer%s reads %s", members, members == 1 ? "" : "s", ORDERS);
                groups.add(readers.runGroup(GROUP_PREFIX + members + "-members", members));
            }
            narrator.notice("a partition is never shared inside a group, so more members than partitions adds nothing.");
            Audit audit = secondGroup(admin);
            Subscription pattern = subscribeToPattern();
            Resume resume = commitAndResume(admin);
            narrator.step("processing fails at record %d of %s: auto commit versus manual commit", FAIL_AT, PAYMENTS);
            CommitRun auto = readers.failAndRestart(admin, GROUP_PREFIX + "auto-commit", true);
            CommitRun manual = readers.failAndRestart(admin, GROUP_PREFIX + "manual-commit", false);
            narrator.say("auto commit", "processed %d, committed offset %d on close: %d records will never be processed",
                    auto.processed(), auto.committed(), auto.skipped());
            narrator.say("manual commit", "processed %d, committed offset %d: the restart begins at the failed record",
                    manual.processed(), manual.committed());
            narrator.notice("auto commit commits what poll() returned, not what you finished; commit yourself after");
            narrator.notice("processing when every record matters (at-least-once; lesson 11 goes further).");
            return new ConsumerGroupsResult(groups, audit.read(), audit.firstGroupCommitted(), pattern.topics(),
                    pattern.read(), resume.committed(), resume.lag(), resume.read(), resume.overlap(), auto, manual);
        }
    }

    private void createTopics(Admin admin) throws Exception {
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
    }

    /** A second group's read, and what the first group still has committed. */
    private record Audit(int read, long firstGroupCommitted) {
    }

    private Audit secondGroup(Admin admin) throws Exception {
        narrator.step("a second group reads the same topic");
        String second = GROUP_PREFIX + "audit";
        GroupRun audit = readers.runGroup(second, 1);
        long firstCommitted = Offsets.committed(admin, GROUP_PREFIX + PARTITIONS + "-members").values().stream()
                .mapToLong(Long::longValue).sum();
        narrator.say("admin", "group %s4-members still has %d committed; %s read all %d on its own",
                GROUP_PREFIX, firstCommitted, second, audit.recordsRead());
        narrator.notice("reading does not use records up: every group has its own offsets.");
        return new Audit(audit.recordsRead(), firstCommitted);
    }

    /** The topics a pattern subscription was given, and the records it read. */
    private record Subscription(List<String> topics, int read) {
    }

    private Subscription subscribeToPattern() {
        narrator.step("one consumer subscribes to a pattern: %s", EVENTS_PATTERN);
        Set<String> topics = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                readers.consumerProperties(GROUP_PREFIX + "pattern", false))) {
            consumer.subscribe(EVENTS_PATTERN);
            Poll.until(TIMEOUT, Duration.ZERO, () -> {
                consumer.poll(POLL).forEach(r -> seen.add(r.topic() + "/" + r.value()));
                return seen.size() == EVENT_TOPICS.size() * EVENT_RECORDS;
            }, () -> "the pattern consumer did not read every event");
            consumer.assignment().forEach(tp -> topics.add(tp.topic()));
            narrator.say("consumer", "assigned %s, read %d records", GroupReaders.sorted(consumer.assignment()), seen.size());
        }
        narrator.notice("a pattern is re-checked as topics come and go (metadata.max.age.ms): new matches join in.");
        return new Subscription(List.copyOf(topics), seen.size());
    }

    /** After 60 records committed: the sum of committed offsets, the lag, and what a new member read (and re-read). */
    private record Resume(long committed, long lag, int read, int overlap) {
    }

    private Resume commitAndResume(Admin admin) throws Exception {
        narrator.step("a member processes %d orders, commits, and stops", PROCESS_BEFORE_STOP);
        String group = GROUP_PREFIX + "resume";
        Set<String> processed = readers.processAndCommit(group);
        Map<TopicPartition, Long> committed = Offsets.committed(admin, group);
        long committedSum = committed.values().stream().mapToLong(Long::longValue).sum();
        long endSum = endOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
        narrator.say("admin", "committed offsets %s (sum %d); end offsets sum %d; lag %d",
                new TreeMap<>(committed.entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue))),
                committedSum, endSum, endSum - committedSum);
        Set<String> resumed = readers.readRest(group);
        Set<String> overlap = new HashSet<>(resumed);
        overlap.retainAll(processed);
        narrator.say("consumer", "a new member of %s read %d records, %d of them already processed",
                group, resumed.size(), overlap.size());
        narrator.notice("lag = end offset - committed offset: the work the group has not yet acknowledged.");
        return new Resume(committedSum, endSum - committedSum, resumed.size(), overlap.size());
    }

    private void produce(String topic, int count, int partitions) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, String.format("%s-%03d", topic, i)));
            }
            producer.flush();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        return Offsets.ends(admin, IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(ORDERS, p)).toList());
    }
}
