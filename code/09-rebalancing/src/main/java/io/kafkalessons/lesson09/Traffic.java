package io.kafkalessons.lesson09;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A producer writing one record to every partition every 20 ms, for as long as a scenario runs. */
final class Traffic implements AutoCloseable {

    private static final long PRODUCE_EVERY_MS = 20;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    Traffic(KafkaProducer<String, String> producer, String topic, int partitions) {
        scheduler.scheduleAtFixedRate(() -> {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, "tick"));
            }
        }, 0, PRODUCE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        // shutdown, not shutdownNow: interrupting a thread inside producer.send() can strand its batch.
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
