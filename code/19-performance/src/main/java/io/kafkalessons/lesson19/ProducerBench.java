package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.Clients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Our own producer benchmark, built the way Kafka's {@code ProducerPerformance} is so the two can
 * be compared: values of random capital letters (new ones for every record, from a fixed seed),
 * no key, latency from the {@code send()} call to its callback, throughput from the first send
 * to the end of {@code close()} (which waits for every record still in the buffer).
 */
final class ProducerBench {

    private static final long SEED = 19;

    private final String bootstrapServers;

    ProducerBench(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The producer settings of {@code w}: the same file goes to kafka-producer-perf-test. */
    Properties settings(Workload w) {
        Properties props = Clients.producer(bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // tag::settings[]
        // "0": do not wait for an answer; "1": the leader has written it; "all": every in-sync replica has.
        props.put(ProducerConfig.ACKS_CONFIG, w.acks());
        // Bytes per partition the producer collects into one batch (one request carries a batch per partition).
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(w.batchSize()));
        // How long a batch may wait for more records before it is sent anyway.
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(w.lingerMs()));
        // Compress each whole batch; the broker stores it compressed, as it came.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, w.compression());
        // end::settings[]
        // Kafka's own 30 s: the sandbox's 3 s is for the failure lessons, and a busy 2-core machine
        // can take longer than that to answer a full buffer's worth of requests.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }

    /** Sends {@code w.records()} records to {@code topic} and measures them. */
    Throughput run(Workload w, String topic) {
        long[] latencyMicros = new long[w.records()];
        AtomicLong failed = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        byte[] value = new byte[w.recordSize()];
        SplittableRandom random = new SplittableRandom(SEED);
        long nanosPerRecord = w.recordsPerSecond() > 0 ? TimeUnit.SECONDS.toNanos(1) / w.recordsPerSecond() : 0;
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings(w));
        long start = System.nanoTime();
        try {
            for (int i = 0; i < w.records(); i++) {
                fill(value, random);
                long sent = System.nanoTime();
                int index = i;
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error == null) {
                        latencyMicros[index] = (System.nanoTime() - sent) / 1000;
                    } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                });
                if (nanosPerRecord > 0) {
                    awaitTurn(start + (i + 1) * nanosPerRecord);
                }
            }
        } finally {
            // close() first sends and waits for everything still buffered, as ProducerPerformance's timing includes it.
            producer.close();
        }
        long elapsed = System.nanoTime() - start;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + w.records() + " records to " + topic + " failed, the first with "
                    + firstError.get());
        }
        double seconds = elapsed / 1e9;
        return new Throughput(w.records(), w.records() / seconds,
                (double) w.records() * w.recordSize() / (1024 * 1024) / seconds, Throughput.Latency.ofMicros(latencyMicros));
    }

    /** Random capital letters, as ProducerPerformance writes them. */
    static void fill(byte[] value, SplittableRandom random) {
        for (int j = 0; j < value.length; j++) {
            value[j] = (byte) (random.nextInt(26) + 65);
        }
    }

    private static void awaitTurn(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
