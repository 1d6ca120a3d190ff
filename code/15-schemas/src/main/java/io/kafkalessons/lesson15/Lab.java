package io.kafkalessons.lesson15;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.protobuf.ProtobufKafkaDeserializer;
import io.apicurio.registry.serde.protobuf.ProtobufKafkaSerializer;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The lesson's clients: a Kafka cluster and a registry, and the few settings that make a producer or
 * consumer use the registry. Everything else comes from the sandbox's {@link Clients}.
 */
record Lab(String bootstrapServers, RegistryRest registry, Narrator narrator) {

    /** A producer whose values go through Apicurio's Avro serializer. */
    Properties avroProducer() {
        Properties props = Clients.producer(bootstrapServers);
        // tag::producer[]
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        props.put(SerdeConfig.REGISTRY_URL, registry.apiUrl());
        // Registers the producer's schema on first use (as version 1, or as the next version if the rules allow).
        props.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, "true");
        // end::producer[]
        props.putAll(retries());
        return props;
    }

    /** A consumer whose values go through Apicurio's Avro deserializer, into the generated class. */
    Properties avroConsumer() {
        Properties props = Clients.consumer(bootstrapServers);
        // tag::consumer[]
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
        props.put(SerdeConfig.REGISTRY_URL, registry.apiUrl());
        // Build the generated Payment class instead of a generic record.
        props.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, "true");
        // end::consumer[]
        props.putAll(retries());
        return props;
    }

    /** The same producer with Apicurio's Protobuf serializer. */
    Properties protobufProducer() {
        Properties props = avroProducer();
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProtobufKafkaSerializer.class);
        return props;
    }

    /** A consumer with Apicurio's Protobuf deserializer, into the generated class. */
    Properties protobufConsumer(Class<?> messageClass) {
        Properties props = Clients.consumer(bootstrapServers);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ProtobufKafkaDeserializer.class);
        props.put(SerdeConfig.REGISTRY_URL, registry.apiUrl());
        // Build the generated class, not a DynamicMessage.
        props.put(SerdeConfig.DESERIALIZER_SPECIFIC_VALUE_RETURN_CLASS, messageClass.getName());
        props.putAll(retries());
        return props;
    }

    /** A consumer that sees the bytes as they are stored. */
    Properties rawConsumer() {
        Properties props = Clients.consumer(bootstrapServers);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static Map<String, Object> retries() {
        // A failed call to the registry is retried twice, 200 ms apart; then the send or the poll fails.
        return Map.of(SerdeConfig.RETRY_COUNT, "2", SerdeConfig.RETRY_BACKOFF_MS, "200");
    }

    /** Deletes and creates the lesson's topics (one partition each, so offsets read in order). */
    void recreateTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Clients.admin(bootstrapServers))) {
            for (String name : names) {
                Topics.recreate(admin, new NewTopic(name, 1, (short) 1));
            }
        }
    }

    /** Records in a one-partition topic. */
    long endOffset(String topic) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(rawConsumer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }
}
