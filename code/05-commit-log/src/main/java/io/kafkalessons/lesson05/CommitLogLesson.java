package io.kafkalessons.lesson05;

import io.kafkalessons.sandbox.BrokerDisks;
import io.kafkalessons.sandbox.lesson.LogDirs;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;



import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 5: a topic is a set of partitions, each an append-only log. Records get consecutive
 * offsets per partition, a consumer reads by (topic, partition, offset) and can rewind, and the
 * log is a series of segment files on the broker's disk.
 */
public final class CommitLogLesson {

    public static final String TOPIC = "lesson05-commit-log";
    public static final int PARTITIONS = 3;
    /** First batch: this many records, spread round-robin over the partitions. */
    public static final int BATCH = 30;
    public static final int REREAD_PARTITION = 1;
    public static final long REREAD_FROM = 4;
    /** Small segments (the minimum Kafka allows) so a modest batch makes the log roll. */
    public static final int SEGMENT_BYTES = 1024 * 1024;
    public static final int BULK_PARTITION = 2;
    private static final String FIRST_INDEX = "00000000000000000000.index";
    public static final int BULK_RECORDS = 1300;
    private static final int BULK_VALUE_BYTES = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Optional<BrokerDisks> disks;
    private final Narrator narrator;
    private final int segmentBytes;

    public CommitLogLesson(String bootstrapServers, Optional<BrokerDisks> disks, Narrator narrator) {
        this(bootstrapServers, disks, narrator, SEGMENT_BYTES);
    }

    /** @param segmentBytes the topic's segment.bytes ({@link #SEGMENT_BYTES}; "Try this" 3 doubles it) */
    public CommitLogLesson(String bootstrapServers, Optional<BrokerDisks> disks, Narrator narrator, int segmentBytes) {
        this.bootstrapServers = bootstrapServers;
        this.disks = disks;
        this.narrator = narrator;
        this.segmentBytes = segmentBytes;
    }

    /** The value of the i-th record of the small batches; fixed width so no value is a prefix of another. */
    static String value(int i) {
        return String.format("order-%04d", i);
    }

    public CommitLogResult run() throws Exception {
        narrator.intro(
                "A Kafka topic is split into partitions; each partition is an append-only log on disk.",
                "Watch for: offsets count up from 0 in every partition on its own, a consumer can jump",
                "back to any offset and read the same records again, and the log is plain files.");
        try (Admin admin = Admin.create(adminProperties());
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            TopicDescription topic = createTopic(admin);
            int leader0 = topic.partitions().get(0).leader().id();

            narrator.step("produce %d records, choosing the partition ourselves (round-robin)", BATCH);
            Map<Integer, Integer> perPartition = produce(producer, 0, BATCH, true);
            narrator.notice("each partition numbers its own records 0, 1, 2, ...: an offset means nothing without its partition.");

            Map<Integer, List<ConsumerRecord<String, String>>> firstPass = readFromZero();
            Map<Integer, List<Long>> offsets = new TreeMap<>();
            firstPass.forEach((p, records) -> offsets.put(p, records.stream().map(ConsumerRecord::offset).toList()));
            List<String> firstRead = firstPass.get(REREAD_PARTITION).stream()
                    .filter(r -> r.offset() >= REREAD_FROM).map(ConsumerRecord::value).toList();
            List<String> reRead = rewind(firstRead);

            long bytesFirst = reportedSize(admin, leader0);
            Optional<FirstLook> firstLook = lookAtPartition0(leader0, bytesFirst, firstPass.get(0));
            Grown grown = append(admin, producer, leader0, bytesFirst, firstLook);
            Optional<Rolled> rolled = rollASegment(producer, topic, firstLook);

            Part<CommitLogResult.DiskView> disk = firstLook.isEmpty() || rolled.isEmpty()
                    ? Part.skipped("the brokers' disks are on other machines")
                    : Part.ran(new CommitLogResult.DiskView(firstLook.get().files(), firstLook.get().logBytes(),
                    grown.logFileBytes().orElseThrow(), firstLook.get().holdsValues(),
                    rolled.get().segments(), firstLook.get().indexBytes(), rolled.get().closedIndexBytes()));
            return new CommitLogResult(perPartition, offsets, REREAD_PARTITION, REREAD_FROM, firstRead, reRead,
                    bytesFirst, grown.reportedBytes(), disk);
        }
    }

    /** Partition 0's folder as first seen: its files, the active .log and .index sizes, and whether it holds the values. */
    private record FirstLook(Path folder, List<String> files, long logBytes, long indexBytes, boolean holdsValues) {
    }

    /** Partition 0 after more records: its size as the broker reports it, and its .log file's size where visible. */
    private record Grown(long reportedBytes, Optional<Long> logFileBytes) {
    }

    /** The partition that received more than a segment: its .log files, and the closed segment's .index size. */
    private record Rolled(List<String> segments, long closedIndexBytes) {
    }

    private TopicDescription createTopic(Admin admin) throws Exception {
        narrator.step("create topic %s with %d partitions", TOPIC, PARTITIONS);
        int brokers = admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();
        short replicas = (short) Math.min(3, brokers);
        TopicDescription topic = Topics.recreate(admin, new NewTopic(TOPIC, PARTITIONS, replicas)
                .configs(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(segmentBytes))));
        topic.partitions().forEach(p -> narrator.say("admin", "partition %d: leader broker %d, replicas on %s",
                p.partition(), p.leader().id(), p.replicas().stream().map(n -> n.id()).toList()));
        return topic;
    }

    private Map<Integer, List<ConsumerRecord<String, String>>> readFromZero() {
        narrator.step("read every partition from offset 0");
        Map<Integer, List<ConsumerRecord<String, String>>> firstPass;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            firstPass = readAll(consumer, 0);
        }
        firstPass.forEach((p, records) -> narrator.say("consumer", "partition %d: offsets %s", p,
                records.stream().map(ConsumerRecord::offset).toList()));
        return firstPass;
    }

    private List<String> rewind(List<String> firstRead) {
        narrator.step("rewind partition %d to offset %d and read again", REREAD_PARTITION, REREAD_FROM);
        List<String> reRead;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            // tag::seek[]
            TopicPartition tp = new TopicPartition(TOPIC, REREAD_PARTITION);
            consumer.assign(List.of(tp));
            consumer.seek(tp, REREAD_FROM);
            // end::seek[]
            reRead = readPartition(consumer, tp).stream().map(ConsumerRecord::value).toList();
        }
        narrator.say("consumer", "first read from offset %d: %s", REREAD_FROM, firstRead);
        narrator.say("consumer", "after seek(%d):         %s", REREAD_FROM, reRead);
        narrator.notice("reading does not remove anything: the log keeps records until retention deletes them.");
        return reRead;
    }

    private Optional<FirstLook> lookAtPartition0(int leader0, long bytes, List<ConsumerRecord<String, String>> records)
            throws IOException {
        narrator.step("look at partition 0 where its leader (broker %d) stores it", leader0);
        narrator.say("admin", "describeLogDirs: partition 0 holds %d bytes on broker %d", bytes, leader0);
        if (disks.isEmpty()) {
            narrator.say("disk", "(the broker's disk is on another machine; run on the sandbox to see the files)");
            return Optional.empty();
        }
        Path dir = disks.get().logDir(leader0).resolve(TOPIC + "-0");
        List<String> files = PartitionFiles.list(dir);
        FirstLook look = new FirstLook(dir, files, Files.size(PartitionFiles.activeLog(dir)), Files.size(dir.resolve(FIRST_INDEX)),
                PartitionFiles.logHoldsValues(PartitionFiles.activeLog(dir), records));
        narrator.say("disk", "%s", dir);
        for (String file : files) {
            narrator.say("disk", "  %-30s %,10d bytes", file, Files.size(dir.resolve(file)));
        }
        narrator.say("disk", "the .log file contains the bytes of all %d values sent to partition 0: %s",
                records.size(), look.holdsValues());
        narrator.notice(".log holds the record batches; .index maps offsets to positions in it and .timeindex");
        narrator.notice("maps times to offsets (both are sized up front and trimmed when the segment closes).");
        return Optional.of(look);
    }

    private Grown append(Admin admin, KafkaProducer<String, String> producer, int leader0, long bytesFirst,
                         Optional<FirstLook> firstLook) throws Exception {
        narrator.step("append %d more records and watch partition 0 grow", BATCH);
        produce(producer, BATCH, BATCH, false);
        long bytesSecond = reportedSize(admin, leader0);
        narrator.say("admin", "describeLogDirs: partition 0 now holds %d bytes (was %d)", bytesSecond, bytesFirst);
        if (firstLook.isEmpty()) {
            return new Grown(bytesSecond, Optional.empty());
        }
        Path log = PartitionFiles.activeLog(firstLook.get().folder());
        long logBytes = Files.size(log);
        narrator.say("disk", "%s grew from %,d to %,d bytes", log.getFileName(), firstLook.get().logBytes(), logBytes);
        return new Grown(bytesSecond, Optional.of(logBytes));
    }

    private Optional<Rolled> rollASegment(KafkaProducer<String, String> producer, TopicDescription topic,
                                          Optional<FirstLook> firstLook) throws Exception {
        narrator.step("send about %d KB to partition %d: more than one %d KB segment", BULK_RECORDS * BULK_VALUE_BYTES / 1000,
                BULK_PARTITION, segmentBytes / 1024);
        produceBulk(producer);
        if (disks.isEmpty() || firstLook.isEmpty()) {
            return Optional.empty();
        }
        int bulkLeader = topic.partitions().get(BULK_PARTITION).leader().id();
        Path bulkFolder = disks.get().logDir(bulkLeader).resolve(TOPIC + "-" + BULK_PARTITION);
        List<String> segments = PartitionFiles.list(bulkFolder).stream().filter(f -> f.endsWith(".log")).toList();
        for (String segment : segments) {
            narrator.say("disk", "%s-%d/%s  %,10d bytes", TOPIC, BULK_PARTITION, segment, Files.size(bulkFolder.resolve(segment)));
        }
        Path closedIndex = bulkFolder.resolve(segments.get(0).replace(".log", ".index"));
        long closedIndexBytes = Files.size(closedIndex);
        narrator.say("disk", "%s-%d/%s  %,10d bytes: trimmed when its segment closed (the active one has %,d)",
                TOPIC, BULK_PARTITION, closedIndex.getFileName(), closedIndexBytes, firstLook.get().indexBytes());
        narrator.notice("a segment file is named after the first offset it holds; old segments are what retention deletes.");
        return Optional.of(new Rolled(segments, closedIndexBytes));
    }

    private Map<Integer, Integer> produce(KafkaProducer<String, String> producer, int from, int count, boolean narrate)
            throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            int partition = i % PARTITIONS;
            // tag::produce[]
            sends.add(producer.send(new ProducerRecord<>(TOPIC, partition, null, value(i))));
            // end::produce[]
        }
        Map<Integer, Integer> perPartition = new TreeMap<>();
        for (int i = 0; i < sends.size(); i++) {
            RecordMetadata m = sends.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            perPartition.merge(m.partition(), 1, Integer::sum);
            if (narrate && i < 6) {
                narrator.say("producer", "%s -> partition %d, offset %d", value(from + i), m.partition(), m.offset());
            }
        }
        if (narrate) {
            narrator.say("producer", "... %d records acknowledged: %s per partition", count, perPartition);
        }
        return perPartition;
    }

    private void produceBulk(KafkaProducer<String, String> producer) throws Exception {
        String padding = "x".repeat(BULK_VALUE_BYTES - 10);
        Future<RecordMetadata> last = null;
        for (int i = 0; i < BULK_RECORDS; i++) {
            last = producer.send(new ProducerRecord<>(TOPIC, BULK_PARTITION, null, String.format("bulk-%04d", i) + padding));
        }
        producer.flush();
        RecordMetadata m = last.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        narrator.say("producer", "%d records acknowledged, the last at offset %d", BULK_RECORDS, m.offset());
    }

    /** Reads every partition of the topic from {@code offset} to its current end. */
    private Map<Integer, List<ConsumerRecord<String, String>>> readAll(KafkaConsumer<String, String> consumer, long offset) {
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition tp = new TopicPartition(TOPIC, p);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            byPartition.put(p, readPartition(consumer, tp));
        }
        return byPartition;
    }

    private static List<ConsumerRecord<String, String>> readPartition(KafkaConsumer<String, String> consumer, TopicPartition tp) {
        return LogReader.readToEnd(consumer, List.of(tp));
    }

    private static long reportedSize(Admin admin, int brokerId) throws Exception {
        return LogDirs.size(admin, brokerId, new TopicPartition(TOPIC, 0));
    }

    private Properties adminProperties() {
        return Clients.admin(bootstrapServers);
    }

    private Properties producerProperties() {
        Properties props = Clients.producer(bootstrapServers);
        // acks=all is already the default; spelled out because lesson 7 is about it.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private Properties consumerProperties() {
        Properties props = Clients.consumer(bootstrapServers);
        // No group.id: this consumer picks partitions itself (assign) and commits nothing.
        return props;
    }
}
