package io.kafkalessons.lesson10;

import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every step of lesson 10 works with: an admin client, the faults it may inject, the narrator,
 * and the producers and consumers the steps need (each with only the settings this lesson is about).
 */
record Lab(Admin admin, Faults faults, Narrator narrator, String bootstrapServers) {

    /** New clients connect only to brokers that are neither frozen nor dead. */
    String reachable() {
        return faults.reachable(bootstrapServers);
    }

    Properties producer(String acks) {
        Properties props = Clients.producer(reachable());
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // acks=1 alone would switch idempotence off silently; say it, so nobody counts on it.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all"));
        // Long enough to ride out a failover (a broker is fenced after 3 s here).
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    /** acks=all, but the first error is final: the lesson wants to see NotEnoughReplicas itself. */
    Properties noRetryProducer() {
        Properties props = producer("all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.RETRIES_CONFIG, 0);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    /** No group.id: this reader assigns itself partitions and commits nothing. */
    Properties consumer() {
        return Clients.consumer(reachable());
    }

    /** Sends {@code count} records at once and returns how many were acknowledged. */
    int produceCounting(String topic, String prefix, int count, String acks) {
        AtomicInteger acked = new AtomicInteger();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(acks))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, prefix + i), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        return acked.get();
    }

    /** One write with a 2 s delivery timeout; returns the error's name, or "accepted". */
    String sendOnce(String topic) throws Exception {
        Properties props = producer("all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, "during-outage")).get(30, TimeUnit.SECONDS);
            return "accepted";
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName();
        }
    }

    /** Every record of {@code topic} a consumer can read now. */
    List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumer())) {
            return LogReader.readTopic(consumer, topic);
        }
    }
}
