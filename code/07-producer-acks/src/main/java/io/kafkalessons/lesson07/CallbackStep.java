package io.kafkalessons.lesson07;

import io.kafkalessons.lesson07.ProducerAcksResult.CallbackRow;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.kafkalessons.lesson07.ProducerAcksLesson.CALLBACK_RECORDS;
import static io.kafkalessons.lesson07.ProducerAcksLesson.FOLLOWERS;
import static io.kafkalessons.lesson07.ProducerAcksLesson.LEADER;
import static io.kafkalessons.lesson07.ProducerAcksLesson.SMALL_LIMIT_BYTES;
import static io.kafkalessons.lesson07.ProducerAcksLesson.SMALL_TOPIC;
import static io.kafkalessons.lesson07.ProducerAcksLesson.UNSAFE_TOPIC;

/** What the producer's callback says when a write fails: a record too large, too few in-sync replicas. */
final class CallbackStep {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AcksLab lab;

    CallbackStep(AcksLab lab) {
        this.lab = lab;
    }

    List<CallbackRow> run(short replicas) throws Exception {
        lab.narrator().step("what the producer's callback says when a write fails");
        List<CallbackRow> callbacks = new ArrayList<>();
        Topics.recreate(lab.admin(), new NewTopic(SMALL_TOPIC, 1, replicas)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SMALL_LIMIT_BYTES))));
        lab.narrator().say("admin", "%s accepts batches of at most %d bytes; we send %d-byte records", SMALL_TOPIC,
                SMALL_LIMIT_BYTES, 2 * SMALL_LIMIT_BYTES);
        callbacks.add(sendAndCollect("record too large", SMALL_TOPIC, "x".repeat(2 * SMALL_LIMIT_BYTES)));
        if (lab.faults().available()) {
            callbacks.add(tooFewReplicas());
        }
        lab.narrator().notice("a non-retriable error reaches the callback at once; a retriable one is retried quietly");
        lab.narrator().notice("until delivery.timeout.ms runs out. Either way only the callback (or the Future) tells you:");
        lab.narrator().notice("a send() whose result nobody checks can fail without a trace.");
        return callbacks;
    }

    private CallbackRow tooFewReplicas() throws Exception {
        int stopped = FOLLOWERS.get(1);
        Topics.recreate(lab.admin(), new NewTopic(UNSAFE_TOPIC, Map.of(0, List.of(FOLLOWERS.get(0), LEADER, stopped)))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3")));
        lab.faults().stop(stopped);
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> Topics.isr(lab.admin(), UNSAFE_TOPIC, 0).size() == 2,
                () -> "broker " + stopped + " did not leave the ISR");
        lab.narrator().say("admin", "%s needs 3 in-sync replicas (min.insync.replicas=3); broker %d is stopped, so it has 2",
                UNSAFE_TOPIC, stopped);
        try {
            return sendAndCollect("too few in-sync replicas", UNSAFE_TOPIC, "payment");
        } finally {
            lab.faults().restart(stopped);
            KafkaMetadata.awaitBrokers(lab.admin(), 3, TIMEOUT);
        }
    }

    /** Sends a few records with a short delivery timeout and reports what their callbacks said. */
    private CallbackRow sendAndCollect(String scenario, String topic, String value) {
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<String> error = new AtomicReference<>("none");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(lab.impatientProducer())) {
            for (int i = 0; i < CALLBACK_RECORDS; i++) {
                // tag::callback[]
                producer.send(new ProducerRecord<>(topic, value + "-" + i), (metadata, exception) -> {
                    if (exception != null) {
                        error.compareAndSet("none", exception.getClass().getSimpleName());
                        failed.incrementAndGet();
                    } else {
                        acked.incrementAndGet();
                    }
                });
                // end::callback[]
            }
            Poll.until(TIMEOUT, Duration.ofMillis(20), () -> failed.get() + acked.get() == CALLBACK_RECORDS,
                    () -> "the callbacks did not all complete");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        lab.narrator().say("producer", "%s: %d of %d callbacks reported %s after %d ms; %d acknowledged",
                scenario, failed.get(), CALLBACK_RECORDS, error.get(), millis, acked.get());
        return new CallbackRow(scenario, CALLBACK_RECORDS, failed.get(), acked.get(), error.get(), millis);
    }
}
