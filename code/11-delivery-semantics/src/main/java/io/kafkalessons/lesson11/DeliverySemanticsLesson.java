package io.kafkalessons.lesson11;

import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import io.kafkalessons.lesson11.DeliverySemanticsResult.ModeRun;
import org.apache.kafka.clients.admin.Admin;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;



import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 11: a processor copies records from an input topic to an output topic and crashes
 * halfway through a batch, then restarts. Where it commits its progress decides whether records
 * are skipped (at-most-once), repeated (at-least-once), or neither (a transaction that commits
 * output and progress together: exactly-once).
 */
public final class DeliverySemanticsLesson {

    public static final String AT_MOST_ONCE = "at-most-once";
    public static final String AT_LEAST_ONCE = "at-least-once";
    public static final String EXACTLY_ONCE = "exactly-once";
    public static final List<String> MODES = List.of(AT_MOST_ONCE, AT_LEAST_ONCE, EXACTLY_ONCE);
    public static final String INPUT = "lesson11-input";
    public static final String ABORTED = "lesson11-aborted";
    public static final int RECORDS = 50;
    public static final int BATCH = 10;
    /** The processor crashes in this batch (0-based), after handling this many of its records. */
    public static final int CRASH_BATCH = 2;
    public static final int HANDLED_BEFORE_CRASH = 5;
    public static final int ABORTED_RECORDS = 10;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Narrator narrator;
    private final int handledBeforeCrash;

    public DeliverySemanticsLesson(String bootstrapServers, Narrator narrator) {
        this(bootstrapServers, narrator, HANDLED_BEFORE_CRASH);
    }

    /** @param handledBeforeCrash records of the crash batch handled before the crash ({@link #HANDLED_BEFORE_CRASH}; "Try this" 2: 0) */
    public DeliverySemanticsLesson(String bootstrapServers, Narrator narrator, int handledBeforeCrash) {
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.handledBeforeCrash = handledBeforeCrash;
    }

    static String output(String mode) {
        return "lesson11-out-" + mode;
    }

    public DeliverySemanticsResult run() throws Exception {
        narrator.intro(
                "A processor reads a record, does its work (here: writes a copy to another topic) and records its",
                "progress (commits the offset). A crash between the two is unavoidable; the order decides the damage.",
                "Watch for: skipped records when progress is committed first, duplicates when it is committed last,",
                "and neither when a transaction commits both at once.");
        try (Admin admin = Admin.create(adminProperties())) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            Topics.recreate(admin, new NewTopic(INPUT, 1, replicas));
            Topics.recreate(admin, new NewTopic(ABORTED, 1, replicas));
            for (String mode : MODES) {
                Topics.recreate(admin, new NewTopic(output(mode), 1, replicas));
            }
            Topics.deleteGroups(admin, "lesson11-");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(null))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(INPUT, String.format("in-%02d", i)));
                }
            }
            narrator.say("setup", "%s holds %d records; each processor reads %d at a time and crashes after handling %d "
                    + "records of its batch %d", INPUT, RECORDS, BATCH, handledBeforeCrash, CRASH_BATCH + 1);

            List<ModeRun> runs = new java.util.ArrayList<>();
            for (String mode : MODES) {
                narrator.step("%s: run until the crash, restart, run to the end", mode);
                process(mode, true);
                process(mode, false);
                ModeRun run = count(mode);
                narrator.say("checker", "%s has %d records for %d inputs: %d skipped, %d duplicated",
                        output(mode), run.output(), run.input(), run.skipped(), run.duplicated());
                runs.add(run);
            }
            narrator.notice("commit first: a crash loses the rest of the batch. Commit last: a crash repeats it.");
            narrator.notice("Transaction: output and offsets commit together or not at all, so neither happens.");

            narrator.step("an aborted transaction, read with read_committed and with read_uncommitted");
            AbortedSeen seen = abortedVisibility();
            narrator.say("consumer", "read_committed saw %d of the %d aborted records; read_uncommitted saw %d",
                    seen.readCommitted(), ABORTED_RECORDS, seen.readUncommitted());

            narrator.step("a zombie: two producers with the same transactional.id");
            boolean fenced = zombieIsFenced();
            narrator.notice("initTransactions bumps the producer epoch: the older instance (a zombie that came back");
            narrator.notice("after a long pause) can no longer commit, so it cannot write duplicates behind your back.");
            return new DeliverySemanticsResult(runs, seen.readCommitted(), seen.readUncommitted(), fenced);
        }
    }

    /** Runs the processor until the input is exhausted, or (with {@code crash}) until the planned crash. */
    private void process(String mode, boolean crash) throws Exception {
        boolean transactional = mode.equals(EXACTLY_ONCE);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties("lesson11-" + mode));
        KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(transactional ? "lesson11-processor" : null));
        TopicPartition input = new TopicPartition(INPUT, 0);
        try {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(INPUT));
            int batchNumber = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> batch = consumer.poll(POLL);
                if (batch.isEmpty()) {
                    if (!consumer.assignment().isEmpty() && consumer.position(input) >= RECORDS) {
                        return;
                    }
                    continue;
                }
                boolean crashNow = crash && batchNumber == CRASH_BATCH;
                List<ConsumerRecord<String, String>> records = batch.records(input);
                Map<TopicPartition, OffsetAndMetadata> next = Map.of(input,
                        new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
                int handle = crashNow ? handledBeforeCrash : records.size();
                handleBatch(mode, consumer, producer, records.subList(0, handle), next, crashNow);
                if (crashNow) {
                    narrator.say(mode, "crash after handling %d records of batch %d (offsets %d-%d)", handle,
                            batchNumber + 1, records.get(0).offset(), records.get(records.size() - 1).offset());
                    return;
                }
                batchNumber++;
            }
            throw new IllegalStateException(mode + " processor did not finish within " + TIMEOUT.toSeconds() + " s");
        } finally {
            // A crash: nothing more is committed. The consumer closes without committing (auto commit is off);
            // an open transaction stays open until the next instance with the same transactional.id aborts it.
            producer.close(Duration.ofSeconds(5));
            consumer.close();
            if (!crash) {
                narrator.say(mode, "restarted at the group's committed offset and ran to the end of %s", INPUT);
            }
        }
    }

    /** Handles one batch and records progress in the order {@code mode} prescribes; a crash skips the last part. */
    private static void handleBatch(String mode, KafkaConsumer<String, String> consumer, KafkaProducer<String, String> producer,
                                    List<ConsumerRecord<String, String>> batch,
                                    Map<TopicPartition, OffsetAndMetadata> next, boolean crashNow) {
        switch (mode) {
            case AT_MOST_ONCE -> {
                // tag::at-most-once[]
                consumer.commitSync(next);
                handle(producer, mode, batch);
                // end::at-most-once[]
            }
            case AT_LEAST_ONCE -> {
                // tag::at-least-once[]
                handle(producer, mode, batch);
                if (!crashNow) {
                    consumer.commitSync(next);
                }
                // end::at-least-once[]
            }
            default -> {
                // tag::exactly-once[]
                producer.beginTransaction();
                handle(producer, mode, batch);
                if (!crashNow) {
                    producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                    producer.commitTransaction();
                }
                // end::exactly-once[]
            }
        }
    }

    private static void handle(KafkaProducer<String, String> producer, String mode, List<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            producer.send(new ProducerRecord<>(output(mode), r.value()));
        }
        producer.flush();
    }

    private ModeRun count(String mode) {
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(readerProperties("read_committed"))) {
            for (ConsumerRecord<String, String> r : LogReader.readTopic(reader, output(mode))) {
                copies.merge(r.value(), 1, Integer::sum);
            }
        }
        int total = copies.values().stream().mapToInt(Integer::intValue).sum();
        int skipped = RECORDS - copies.size();
        int duplicated = (int) copies.values().stream().filter(n -> n > 1).count();
        return new ModeRun(mode, RECORDS, total, skipped, duplicated);
    }

    /** How many aborted records each isolation level let a reader see. */
    private record AbortedSeen(int readCommitted, int readUncommitted) {
    }

    private AbortedSeen abortedVisibility() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties("lesson11-aborter"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < ABORTED_RECORDS; i++) {
                producer.send(new ProducerRecord<>(ABORTED, "never-" + i));
            }
            producer.flush();
            producer.abortTransaction();
        }
        return new AbortedSeen(abortedRecordsSeen("read_committed"), abortedRecordsSeen("read_uncommitted"));
    }

    private int abortedRecordsSeen(String isolation) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(readerProperties(isolation))) {
            return (int) LogReader.readTopic(reader, ABORTED).stream().filter(r -> r.value().startsWith("never-")).count();
        }
    }

    private boolean zombieIsFenced() throws Exception {
        try (KafkaProducer<String, String> zombie = new KafkaProducer<>(producerProperties("lesson11-zombie-test"));
             KafkaProducer<String, String> successor = new KafkaProducer<>(producerProperties("lesson11-zombie-test"))) {
            zombie.initTransactions();
            narrator.say("zombie", "initTransactions as lesson11-zombie-test");
            successor.initTransactions();
            narrator.say("successor", "initTransactions with the same transactional.id");
            try {
                zombie.beginTransaction();
                zombie.send(new ProducerRecord<>(ABORTED, "zombie")).get(30, TimeUnit.SECONDS);
                zombie.commitTransaction();
                narrator.say("zombie", "committed (it should have been fenced)");
                return false;
            } catch (java.util.concurrent.ExecutionException | KafkaException e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
                narrator.say("zombie", "refused: %s", cause.getClass().getSimpleName());
                return cause instanceof ProducerFencedException
                        || cause instanceof org.apache.kafka.common.errors.InvalidProducerEpochException;
            }
        }
    }

    private Properties adminProperties() {
        return Clients.admin(bootstrapServers);
    }

    private Properties producerProperties(String transactionalId) {
        Properties props = Clients.producer(bootstrapServers);
        if (transactionalId != null) {
            // Makes the producer transactional; a new instance with the same id fences the old one.
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return props;
    }

    private Properties consumerProperties(String groupId) {
        Properties props = readerProperties("read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // The processor commits itself, at the point its mode prescribes.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the first record.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Batches of 10, so the crash lands in the middle of a known batch.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        return props;
    }

    private Properties readerProperties(String isolation) {
        Properties props = Clients.consumer(bootstrapServers);
        // read_committed hides records of open and aborted transactions; read_uncommitted shows everything.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return props;
    }
}
