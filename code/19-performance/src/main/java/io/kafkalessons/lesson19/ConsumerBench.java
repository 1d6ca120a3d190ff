package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.Clients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * Our consumer side: how fast one consumer reads a whole topic, and how long records take from
 * the producer's {@code send()} to a consumer that is already waiting (end-to-end latency).
 */
final class ConsumerBench {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    ConsumerBench(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The settings kafka-consumer-perf-test uses by default, so both read the same way. */
    Properties settings() {
        Properties props = Clients.consumer(bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // kafka-consumer-perf-test's defaults: no CRC check on fetched batches, a 2 MiB socket buffer, 1 MiB per partition.
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, Integer.toString(2 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(1024 * 1024));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    /** Reads {@code records} records of {@code topic} from the start: records per second from the first poll to the last record. */
    double readAll(String topic, int partitions, long records) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings())) {
            consumer.assign(partitions(topic, partitions));
            consumer.seekToBeginning(consumer.assignment());
            // Connect and learn the leaders before the clock starts: kafka-consumer-perf-test does that
            // while it joins its group, and leaves the join out of fetch.nMsg.sec.
            consumer.partitionsFor(topic);
            consumer.assignment().forEach(consumer::position);
            long start = System.nanoTime();
            long read = 0;
            long deadline = start + LIMIT.toNanos();
            while (read < records && System.nanoTime() < deadline) {
                read += consumer.poll(POLL).count();
            }
            if (read < records) {
                throw new IllegalStateException("read " + read + " of " + records + " records of " + topic + " in " + LIMIT);
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * A consumer placed at the end of {@code topic} (its positions fixed before {@code producing}
     * starts) that reads {@code expected} records while {@code producing} runs: the producer's
     * result and, per record, the time from its timestamp (set at {@code send()}) to its arrival.
     */
    <T> EndToEnd<T> whileProducing(String topic, int partitions, int expected, Callable<T> producing) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings())) {
            consumer.assign(partitions(topic, partitions));
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            java.util.concurrent.FutureTask<T> producer = new java.util.concurrent.FutureTask<>(producing);
            Thread thread = new Thread(producer, "lesson19-producer");
            thread.start();
            long[] micros = new long[expected];
            int read = 0;
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (read < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (read < expected) {
                        micros[read++] = Math.max(0, now - r.timestamp()) * 1000;
                    }
                }
            }
            T produced = producer.get();
            if (read < expected) {
                throw new IllegalStateException("the consumer saw " + read + " of " + expected + " records of " + topic);
            }
            return new EndToEnd<>(produced, Throughput.Latency.ofMicros(micros));
        }
    }

    /** @param producer what the producer measured; @param latency send-to-arrival percentiles (1 ms resolution) */
    record EndToEnd<T>(T producer, Throughput.Latency latency) {
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }
}
