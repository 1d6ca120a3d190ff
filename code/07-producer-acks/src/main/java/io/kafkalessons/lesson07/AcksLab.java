package io.kafkalessons.lesson07;

import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Properties;

/**
 * What every step of lesson 7 works with: an admin client, the faults it may inject, the narrator,
 * and the producer settings the lesson is about.
 */
record AcksLab(Admin admin, Faults faults, Narrator narrator, String bootstrapServers) {

    Properties producer(String acks) {
        Properties props = Clients.producer(bootstrapServers);
        // tag::acks[]
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // acks=0 or 1 alone would switch idempotence off silently; say it, so nobody counts on it.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all"));
        // end::acks[]
        return props;
    }

    Properties impatientProducer() {
        Properties props = producer("all");
        // Give up on a record after 3 s instead of 2 minutes, so the lesson shows the failure quickly.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
        // delivery.timeout.ms must be at least request.timeout.ms + linger.ms.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    /** No group.id: this reader assigns itself the partitions and commits nothing. */
    Properties consumer() {
        return Clients.consumer(bootstrapServers);
    }
}
