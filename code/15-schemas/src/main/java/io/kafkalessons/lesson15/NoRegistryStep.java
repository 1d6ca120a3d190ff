package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.SchemasResult.NoRegistry;
import io.kafkalessons.lesson15.avro.Payment;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;

/**
 * The same type change with no registry to ask: the producer writes, and the consumer, still on
 * version 1, fails on every changed record. It counts them, skips them, and reads on.
 */
final class NoRegistryStep {

    /** How long the consumer may take to meet every record, read or failed. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final Lab lab;
    private final Narrator narrator;

    NoRegistryStep(Lab lab) {
        this.lab = lab;
        this.narrator = lab.narrator();
    }

    NoRegistry run() throws Exception {
        String topic = SchemasLesson.NO_REGISTRY_TOPIC;
        narrator.step("the same type change where nothing checks it (plain Avro, no registry) on %s", topic);
        Schema changed = Payments.evolved(EvolutionStep.CHANGE_TYPE);
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(Clients.producer(lab.bootstrapServers()),
                new StringSerializer(), new PlainAvro.Writer())) {
            for (Payment p : Payments.AVRO) {
                producer.send(new ProducerRecord<>(topic, p.getId(), p)).get();
            }
            for (Payment p : Payments.AVRO) {
                producer.send(new ProducerRecord<>(topic, p.getId(), Payments.record(changed, p))).get();
            }
        }
        int written = Payments.AVRO.size();
        narrator.say("producer", "wrote %d payments, then %d more after amount_cents became a string (\"12.50\"): Kafka took them all",
                written, written);
        int read = 0;
        int failed = 0;
        String firstFailure = null;
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(Clients.consumer(lab.bootstrapServers()),
                new StringDeserializer(), new PlainAvro.Reader(Payment.getClassSchema()))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (read + failed < 2 * written && System.nanoTime() < deadline) {
                try {
                    read += consumer.poll(Duration.ofMillis(200)).count();
                } catch (RecordDeserializationException e) {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = "offset " + e.offset() + ": " + Outcomes.oneLine(e);
                    }
                    consumer.seek(tp, e.offset() + 1);
                }
            }
        }
        narrator.say("consumer", "read %d, failed on %d; the first failure: %s", read, failed, firstFailure);
        narrator.notice("the consumer learns of the change only by failing, record after record, in production.");
        narrator.notice("With a registry the same producer was stopped before it wrote anything (the step before).");
        return new NoRegistry(written, written, read, failed, firstFailure);
    }
}
