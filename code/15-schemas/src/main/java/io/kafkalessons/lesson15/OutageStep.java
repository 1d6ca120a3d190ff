package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.SchemasResult.Outage;
import io.kafkalessons.lesson15.avro.Payment;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * When the schema is missing: a record naming an id the registry never gave out, and the registry
 * itself killed. Clients fail at once with one line; Kafka keeps every record; and the registry,
 * started again, reads its schemas back from its Kafka topic, ids and all.
 */
final class OutageStep {

    /** The schema id the lesson's forged record names; the registry has handed out a handful. */
    static final int UNKNOWN_ID = 424_242;
    /** The registry is the sandbox's only node of its kind. */
    private static final int REGISTRY_NODE = 1;
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);

    private final Lab lab;
    private final Narrator narrator;

    OutageStep(Lab lab) {
        this.lab = lab;
        this.narrator = lab.narrator();
    }

    Part<Outage> run(Faults registryFaults) throws Exception {
        if (!registryFaults.available()) {
            return narrator.skipStep("the registry goes away", registryFaults.unavailableReason());
        }
        narrator.step("a schema id the registry never gave out, then the registry killed and started again");
        String unknown = readForgedRecord();
        RegistryRest.Ids before = lab.registry().latestIds(SchemasLesson.AVRO_TOPIC + "-value");

        registryFaults.kill(REGISTRY_NODE);
        narrator.say("sandbox", "kill -9 the schema registry");
        long start = System.nanoTime();
        String down = null;
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(lab.avroProducer())) {
            producer.send(new ProducerRecord<>(SchemasLesson.AVRO_TOPIC, "v2", Payments.record(
                    Payments.evolved(EvolutionStep.ADD_WITH_DEFAULT), Payments.AVRO.get(0)))).get();
        } catch (RuntimeException | ExecutionException e) {
            down = Outcomes.oneLine(e);
        }
        if (down == null) {
            throw new IllegalStateException("a producer with a new schema wrote while the registry was down");
        }
        long failMillis = (System.nanoTime() - start) / 1_000_000;
        narrator.say("producer", "with a schema the registry has not seen, gave up after %d ms: %s (registry %s)", failMillis,
                down, lab.registry().apiUrl());
        long kept = lab.endOffset(SchemasLesson.AVRO_TOPIC);
        narrator.say("kafka", "%s still holds its %d records: the registry holds schemas, never data", SchemasLesson.AVRO_TOPIC, kept);

        registryFaults.restart(REGISTRY_NODE);
        Duration back = Poll.until(RESTART_TIMEOUT, Duration.ofMillis(250), lab.registry()::ready,
                () -> "the schema registry did not come back within " + RESTART_TIMEOUT.toSeconds() + " s");
        RegistryRest.Ids after = lab.registry().latestIds(SchemasLesson.AVRO_TOPIC + "-value");
        int read;
        try (KafkaConsumer<String, Payment> consumer = new KafkaConsumer<>(lab.avroConsumer())) {
            read = LogReader.readTopic(consumer, SchemasLesson.AVRO_TOPIC).size();
        }
        narrator.say("registry", "answering again after %.1f s, with the same ids (contentId=%d, globalId=%d): %s",
                back.toMillis() / 1000.0, after.contentId(), after.globalId(), after.equals(before));
        narrator.say("consumer", "a new consumer read all %d records through it", read);
        narrator.notice("the registry kept nothing on its own disk: it read its journal topic, kafkasql-journal, from the");
        narrator.notice("start. The ids inside every stored record still point at the right schemas.");
        return Part.ran(new Outage(unknown, down, failMillis, kept, after.equals(before), read));
    }

    /** Writes a value that names {@link #UNKNOWN_ID} and reads it with the registry's deserializer. */
    private String readForgedRecord() throws Exception {
        String topic = SchemasLesson.UNKNOWN_ID_TOPIC;
        byte[] payload = Payments.encode(Payments.AVRO.get(0));
        byte[] forged = ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(UNKNOWN_ID).put(payload).array();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Clients.producer(lab.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "forged", forged)).get();
        }
        String failure = null;
        try (KafkaConsumer<String, Payment> consumer = new KafkaConsumer<>(lab.avroConsumer())) {
            LogReader.readTopic(consumer, topic);
        } catch (RecordDeserializationException e) {
            failure = "offset " + e.offset() + ": " + Outcomes.oneLine(e);
        }
        if (failure == null) {
            throw new IllegalStateException("a record naming schema id " + UNKNOWN_ID + " was read");
        }
        narrator.say("consumer", "a record naming schema id %d: %s", UNKNOWN_ID, failure);
        narrator.say("kafka", "%s still holds %d record(s): nothing is lost; a consumer that must go on seeks past it",
                topic, lab.endOffset(topic));
        return failure;
    }
}
