package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.SchemasResult.Readers;
import io.kafkalessons.lesson15.avro.Payment;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * One topic under the FULL rule: an old producer and a new one (a field added with a default) write
 * a record each, and an old and a new reader each read both. A producer that changes a field's type
 * is stopped by the registry before its record reaches Kafka.
 */
final class ReadersStep {

    /** "Try this" 2: the rule BACKWARD, and a version 2 that removes {@code currency} instead of adding {@code note}. */
    static final String TRY_RULE = "BACKWARD";
    static final String TRY_CHANGE = "remove-field-without-default";

    private final Lab lab;
    private final Narrator narrator;
    private final String rule;
    private final String change;

    ReadersStep(Lab lab) {
        this(lab, "FULL", EvolutionStep.ADD_WITH_DEFAULT);
    }

    /** @param change the evolution schema of version 2 (under src/main/resources/.../evolution/) */
    ReadersStep(Lab lab, String rule, String change) {
        this.lab = lab;
        this.narrator = lab.narrator();
        this.rule = rule;
        this.change = change;
    }

    Readers run() throws Exception {
        String topic = SchemasLesson.EVOLUTION_TOPIC;
        narrator.step("old and new producers and consumers on one topic, rule %s", rule);
        RegistryRest registry = lab.registry();
        registry.deleteArtifact(topic + "-value");
        registry.createArtifact(topic + "-value", "AVRO", Payment.getClassSchema().toString());
        registry.setCompatibility(topic + "-value", rule);
        Schema v1 = Payment.getClassSchema();
        Schema v2 = Payments.evolved(change);
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(lab.avroProducer())) {
            producer.send(new ProducerRecord<>(topic, "old", Payments.record(v1, Payments.AVRO.get(0)))).get();
            producer.send(new ProducerRecord<>(topic, "new", Payments.record(v2, Payments.AVRO.get(1)))).get();
        }
        String what = change.equals(EvolutionStep.ADD_WITH_DEFAULT) ? "a \"note\" field, default \"\"" : change;
        narrator.say("producer", "wrote one record with version 1 and one with version 2 (%s)", what);
        String refused = tryTypeChange(topic);
        SchemasResult.Verdict confluentStyle = registry.registerConfluentStyle(topic + "-value",
                Payments.evolved(EvolutionStep.CHANGE_TYPE).toString());
        narrator.say("registry", "the same change through its Confluent-compatible API (/apis/ccompat/v7): HTTP %d %s",
                confluentStyle.status(), Outcomes.cut(confluentStyle.message()));
        long records = lab.endOffset(topic);
        narrator.say("kafka", "the topic holds %d records: the refused one never left the producer", records);

        List<String> oldSaw = readAs(topic, v1);
        List<String> newSaw = readAs(topic, v2);
        narrator.say("consumer", "old reader (version 1): %s", oldSaw);
        narrator.say("consumer", "new reader (version 2): %s", newSaw);
        narrator.notice("each record names its writer's schema by id; the reader fetches it and resolves it against");
        if (change.equals(EvolutionStep.ADD_WITH_DEFAULT)) {
            narrator.notice("its own: the old reader skips \"note\", the new one fills it with the default for the old record.");
        } else {
            narrator.notice("its own. %s checks only what it promises: %s passed it, and a reader", rule, change);
            narrator.notice("it does not protect failed on the new record.");
        }
        return new Readers(oldSaw, newSaw, refused, confluentStyle.status(), records);
    }

    /** A producer whose schema changed a field's type: the serializer asks the registry, which says no. */
    private String tryTypeChange(String topic) throws Exception {
        Schema changed = Payments.evolved(EvolutionStep.CHANGE_TYPE);
        String line = null;
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(lab.avroProducer())) {
            producer.send(new ProducerRecord<>(topic, "changed", Payments.record(changed, Payments.AVRO.get(2)))).get();
        } catch (RuntimeException | ExecutionException e) {
            line = Outcomes.oneLine(e);
        }
        if (line == null) {
            throw new IllegalStateException("the registry accepted a change of type under " + rule);
        }
        narrator.say("producer", "a producer whose amount_cents became a string: %s", line);
        return line;
    }

    /** What a reader with schema {@code reader} makes of each record: the writer's schema comes from the registry by id. */
    private List<String> readAs(String topic, Schema reader) throws Exception {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(lab.rawConsumer())) {
            for (ConsumerRecord<String, byte[]> r : LogReader.readTopic(consumer, topic)) {
                long contentId = ByteBuffer.wrap(r.value(), 1, 4).getInt() & 0xFFFFFFFFL;
                Schema writer = new Schema.Parser().parse(lab.registry().schemaByContentId(contentId));
                try {
                    seen.add(Payments.decode(r.value(), 5, writer, reader).toString());
                } catch (AvroRuntimeException | IOException e) {
                    // A reader that cannot resolve the writer's schema against its own: what a broken consumer sees.
                    seen.add("fails: " + Outcomes.oneLine(e));
                }
            }
        }
        return seen;
    }
}
