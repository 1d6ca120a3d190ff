package io.kafkalessons.lesson07;

import io.kafkalessons.lesson07.ProducerAcksResult.SpeedRow;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kafkalessons.lesson07.ProducerAcksLesson.LATENCY_RECORDS;
import static io.kafkalessons.lesson07.ProducerAcksLesson.MODES;
import static io.kafkalessons.lesson07.ProducerAcksLesson.SPEED_TOPIC;
import static io.kafkalessons.lesson07.ProducerAcksLesson.THROUGHPUT_RECORDS;
import static io.kafkalessons.lesson07.ProducerAcksLesson.WARM_UP_RECORDS;

/** What each acks setting costs: latency one record at a time, and throughput with many in flight. */
final class SpeedStep {

    private final AcksLab lab;

    SpeedStep(AcksLab lab) {
        this.lab = lab;
    }

    /** Each setting once, in the order 0, 1, all (lesson 19 measures the costs with repetitions and percentiles). */
    List<SpeedRow> measure() throws Exception {
        List<SpeedRow> rows = new ArrayList<>();
        for (String acks : MODES) {
            rows.add(measure(acks));
        }
        return rows;
    }

    private SpeedRow measure(String acks) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(lab.producer(acks))) {
            // Warm up: connections, metadata and the JIT, so the numbers are about acks.
            for (int i = 0; i < WARM_UP_RECORDS; i++) {
                producer.send(new ProducerRecord<>(SPEED_TOPIC, "warm-up-" + i));
            }
            producer.flush();
            long[] micros = latencies(producer);
            Burst burst = burst(producer);
            return new SpeedRow(acks, LATENCY_RECORDS + THROUGHPUT_RECORDS, LATENCY_RECORDS + burst.acknowledged(),
                    micros[LATENCY_RECORDS / 2], micros[LATENCY_RECORDS * 99 / 100], burst.recordsPerSecond());
        }
    }

    /** Records acknowledged out of a burst, and how many a second went out. */
    private record Burst(int acknowledged, long recordsPerSecond) {
    }

    /** Latency: one record at a time, from send() to the broker's answer; sorted. */
    private long[] latencies(KafkaProducer<String, String> producer) throws Exception {
        long[] micros = new long[LATENCY_RECORDS];
        for (int i = 0; i < LATENCY_RECORDS; i++) {
            long sentAt = System.nanoTime();
            producer.send(new ProducerRecord<>(SPEED_TOPIC, "reading-" + i)).get(30, TimeUnit.SECONDS);
            micros[i] = (System.nanoTime() - sentAt) / 1000;
        }
        Arrays.sort(micros);
        return micros;
    }

    /** Throughput: many records in flight at once, batched by the producer. */
    private Burst burst(KafkaProducer<String, String> producer) {
        AtomicInteger acknowledged = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < THROUGHPUT_RECORDS; i++) {
            producer.send(new ProducerRecord<>(SPEED_TOPIC, "burst-" + i), (m, e) -> {
                if (e == null) {
                    acknowledged.incrementAndGet();
                }
            });
        }
        producer.flush();
        return new Burst(acknowledged.get(), THROUGHPUT_RECORDS * 1_000_000_000L / Math.max(1, System.nanoTime() - start));
    }
}
