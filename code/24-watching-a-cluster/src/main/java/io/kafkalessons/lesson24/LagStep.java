package io.kafkalessons.lesson24;

import io.kafkalessons.lesson24.WatchingResult.Lag;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Offsets;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Consumer lag, the number every Kafka application is watched by: in records (how far behind the
 * end of the partition the group's committed offset is) and in time (how long ago the oldest record
 * it has not read was written). The records carry chosen timestamps, so the lag in time is known.
 */
final class LagStep {

    static final String TOPIC = "lesson24-lag";
    static final String GROUP = "lesson24-billing";
    static final int RECORDS = 100;
    /** The application reads and commits this many, then stops. */
    static final int READ = 40;
    /** The first record was written this long before the lesson ran, the next ones 5 s apart. */
    static final Duration FIRST_AGE = Duration.ofMinutes(10);
    static final Duration SPACING = Duration.ofSeconds(5);
    /** The series names a lag exporter publishes here, as {@code alerts/kafka-alerts.yml} uses them. */
    static final String LAG_RECORDS = "kafka_consumergroup_lag_records";
    static final String LAG_SECONDS = "kafka_consumergroup_lag_seconds";

    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final Admin admin;
    private final String bootstrapServers;
    private final Narrator narrator;
    private final int read;

    LagStep(Admin admin, String bootstrapServers, Narrator narrator) {
        this(admin, bootstrapServers, narrator, READ);
    }

    /** @param read how many records the application handles and commits ({@link #READ}; "Try this" 2 reads all 100) */
    LagStep(Admin admin, String bootstrapServers, Narrator narrator, int read) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.read = read;
    }

    Lag run() throws Exception {
        narrator.step("consumer lag: group %s reads %d of %d records, then stops", GROUP, read, RECORDS);
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        Topics.recreate(admin, new NewTopic(TOPIC, 1, (short) Math.min(3, brokers)));
        Topics.deleteGroups(admin, GROUP);
        Instant first = Instant.now().minus(FIRST_AGE);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers))) {
            for (int i = 0; i < RECORDS; i++) {
                long stamp = first.plus(SPACING.multipliedBy(i)).toEpochMilli();
                producer.send(new ProducerRecord<>(TOPIC, 0, stamp, "invoice-" + i, "amount=" + i));
            }
            producer.flush();
        }
        readAndCommit();
        return measure();
    }

    /** The application: reads at least {@code read} records, handles the first {@code read} and commits that offset. */
    private void readAndCommit() {
        Properties props = Clients.consumer(bootstrapServers, GROUP);
        // The application commits what it has handled itself; an automatic commit would commit what it fetched.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        try (KafkaConsumer<String, String> app = new KafkaConsumer<>(props)) {
            app.assign(List.of(PARTITION));
            app.seekToBeginning(List.of(PARTITION));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (app.position(PARTITION) < read && System.nanoTime() < deadline) {
                app.poll(Duration.ofMillis(200));
            }
            app.commitSync(Map.of(PARTITION, new OffsetAndMetadata(read)));
        }
        narrator.say("billing", "handled offsets 0 to %d and committed offset %d, then stopped", read - 1, read);
    }

    /** What a lag exporter computes: the end offset minus the committed one, and the age of the next record to read. */
    private Lag measure() throws Exception {
        long committed = Offsets.committed(admin, GROUP).get(PARTITION);
        long end = Offsets.end(admin, PARTITION);
        long seconds = committed < end ? (System.currentTimeMillis() - timestampAt(committed)) / 1000 : 0;
        Lag lag = new Lag(GROUP, committed, end, end - committed, seconds);
        narrator.say("lag", "committed %d, end %d: %d records behind; the oldest unread record was written %d s ago",
                committed, end, lag.records(), seconds);
        String labels = "{group=\"" + GROUP + "\",topic=\"" + TOPIC + "\",partition=\"0\"}";
        narrator.say("lag", "as a lag exporter would publish them:");
        narrator.say("lag", "%s%s %d", LAG_RECORDS, labels, lag.records());
        narrator.say("lag", "%s%s %d", LAG_SECONDS, labels, lag.seconds());
        narrator.notice("60 records behind is nothing for a group that reads a thousand a second, and an hour late for one");
        narrator.notice("that reads one a minute: records alone do not say how late an application is. Alert on the time;");
        narrator.notice("the records say how much work is queued.");
        return lag;
    }

    private long timestampAt(long offset) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Clients.consumer(bootstrapServers))) {
            reader.assign(List.of(PARTITION));
            reader.seek(PARTITION, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    return r.timestamp();
                }
            }
            throw new IllegalStateException("could not read offset " + offset + " of " + PARTITION + " within 30 s");
        }
    }
}
