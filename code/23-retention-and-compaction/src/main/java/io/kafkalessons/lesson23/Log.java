package io.kafkalessons.lesson23;

import io.kafkalessons.sandbox.BrokerDisks;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Configs;
import io.kafkalessons.sandbox.lesson.LogDirs;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Offsets;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One-partition topics with settings of their own, written batch by batch with chosen timestamps,
 * and read back three ways: as a consumer sees them, as offsets, and (on the sandbox) as the
 * segment files on the broker's disk.
 */
record Log(String bootstrapServers, Optional<BrokerDisks> disks, Narrator narrator) {

    /** One record to write: a null value is a tombstone. */
    record Entry(String key, String value, long timestamp) {
    }

    /** One record as read back, with its offset. */
    record Read(long offset, String key, String value) {
    }

    /** Recreates {@code topic} with one partition and the given topic settings. */
    private void create(String topic, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            Topics.recreate(admin, new NewTopic(topic, Optional.of(1), Optional.empty()).configs(configs));
        }
    }

    /**
     * Recreates {@code topic} with infinite retention and segments of at most {@code segment} of
     * timestamps: nothing is deleted until the lesson has looked and sets the setting a step is about.
     */
    void createKeepingAll(String topic, Duration segment) throws Exception {
        create(topic, Map.of(org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG, "-1",
                org.apache.kafka.common.config.TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segment.toMillis())));
    }

    /** Changes topic settings on the running topic, as an operator would. */
    void alter(String topic, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            Configs.set(admin, new ConfigResource(ConfigResource.Type.TOPIC, topic), configs);
        }
    }

    /** A broker setting, as the cluster reports it. */
    String brokerSetting(String name) throws Exception {
        try (Admin admin = admin()) {
            return Configs.broker(admin, name);
        }
    }

    /** Writes each batch with one flush, so each is one record batch on disk. */
    void write(String topic, List<List<Entry>> batches) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers))) {
            for (List<Entry> batch : batches) {
                batch.forEach(e -> producer.send(new ProducerRecord<>(topic, 0, e.timestamp(), e.key(), e.value())));
                producer.flush();
            }
        }
    }

    /** Every record a consumer can read now, from the log start to the end. */
    List<Read> read(String topic) {
        List<Read> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Clients.consumer(bootstrapServers))) {
            LogReader.readTopic(consumer, topic).forEach(r -> read.add(new Read(r.offset(), r.key(), r.value())));
        }
        return read;
    }

    /** The log start offset: the first offset the broker still has. */
    long logStart(String topic) throws Exception {
        return offset(topic, OffsetSpec.earliest());
    }

    long logEnd(String topic) throws Exception {
        return offset(topic, OffsetSpec.latest());
    }

    private long offset(String topic, OffsetSpec spec) throws Exception {
        try (Admin admin = admin()) {
            return Offsets.of(admin, new TopicPartition(topic, 0), spec);
        }
    }

    /** The partition's bytes on its leader's disk, as the broker reports them (any cluster). */
    long size(String topic) throws Exception {
        try (Admin admin = admin()) {
            int leader = Topics.leader(admin, topic, 0);
            return LogDirs.size(admin, leader, new TopicPartition(topic, 0));
        }
    }

    /** Waits, up to {@code timeout}, until {@code done} holds for what a consumer reads; returns that. */
    List<Read> awaitRead(String topic, Predicate<List<Read>> done, Duration timeout, String what) {
        return Poll.untilMatches(timeout, Duration.ofMillis(250), () -> read(topic), done,
                last -> topic + ": " + what + " within " + timeout.toSeconds() + " s; read offsets "
                        + (last == null ? "none" : offsets(last)));
    }

    /** Waits until the log start offset is {@code expected}. */
    void awaitLogStart(String topic, long expected, Duration timeout) {
        Poll.untilMatches(timeout, Duration.ofMillis(250), () -> logStart(topic), start -> start == expected,
                last -> topic + ": the log start offset stayed at " + last + " instead of reaching " + expected + " within "
                        + timeout.toSeconds() + " s");
    }

    /** The partition's segment files on the broker's disk, or why the lesson cannot see them. */
    Part<List<SegmentFiles.Segment>> segments(String topic) throws Exception {
        if (disks.isEmpty()) {
            return Part.skipped("the broker's disk is on another machine");
        }
        try (Admin admin = admin()) {
            int leader = Topics.leader(admin, topic, 0);
            return Part.ran(SegmentFiles.list(disks.get().logDir(leader).resolve(topic + "-0")));
        }
    }

    static List<Long> offsets(Collection<Read> reads) {
        return reads.stream().map(Read::offset).toList();
    }

    private Admin admin() {
        return Admin.create(Clients.admin(bootstrapServers));
    }
}
