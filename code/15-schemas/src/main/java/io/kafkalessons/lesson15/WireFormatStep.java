package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.SchemasResult.WireFormat;
import io.kafkalessons.lesson15.avro.Payment;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The three payments written through the registry's serializers, Avro then Protobuf: the bytes of
 * a stored value (a magic byte, the schema's id, the encoded fields), and the consumer asking the
 * registry for that schema once.
 */
final class WireFormatStep {

    private final Lab lab;
    private final Narrator narrator;

    WireFormatStep(Lab lab) {
        this.lab = lab;
        this.narrator = lab.narrator();
    }

    WireFormat avro() throws Exception {
        narrator.step("Avro through the registry: write %d payments to %s and look at the bytes", Payments.AVRO.size(),
                SchemasLesson.AVRO_TOPIC);
        try (KafkaProducer<String, Payment> producer = new KafkaProducer<>(lab.avroProducer())) {
            for (Payment p : Payments.AVRO) {
                producer.send(new ProducerRecord<>(SchemasLesson.AVRO_TOPIC, p.getId(), p)).get();
            }
        }
        narrator.say("producer", "the serializer registered the schema as artifact %s-value (one artifact per topic's values)",
                SchemasLesson.AVRO_TOPIC);
        return inspect(SchemasLesson.AVRO_TOPIC, lab.avroConsumer(), Payments.AVRO,
                Payments.encode(Payments.AVRO.get(0)).length);
    }

    WireFormat protobuf() throws Exception {
        narrator.step("Protobuf through the registry: the same payments to %s", SchemasLesson.PROTOBUF_TOPIC);
        List<io.kafkalessons.lesson15.proto.Payment> sent = Payments.AVRO.stream().map(Payments::protobuf).toList();
        try (KafkaProducer<String, io.kafkalessons.lesson15.proto.Payment> producer = new KafkaProducer<>(lab.protobufProducer())) {
            for (io.kafkalessons.lesson15.proto.Payment p : sent) {
                producer.send(new ProducerRecord<>(SchemasLesson.PROTOBUF_TOPIC, p.getId(), p)).get();
            }
        }
        return inspect(SchemasLesson.PROTOBUF_TOPIC, lab.protobufConsumer(io.kafkalessons.lesson15.proto.Payment.class), sent,
                sent.get(0).toByteArray().length);
    }

    /** Reads the first value's bytes, then all values through the deserializer while the registry counts its answers. */
    private <V> WireFormat inspect(String topic, Properties consumerProps, List<V> sent, int messageBytes) throws Exception {
        byte[] first;
        try (KafkaConsumer<String, byte[]> raw = new KafkaConsumer<>(lab.rawConsumer())) {
            first = LogReader.readTopic(raw, topic).get(0).value();
        }
        ByteBuffer buffer = ByteBuffer.wrap(first);
        int magic = buffer.get();
        long id = buffer.getInt() & 0xFFFFFFFFL;
        RegistryRest.Ids ids = lab.registry().latestIds(topic + "-value");
        narrator.say("kafka", "value of offset 0, %d bytes: %s", first.length, Payments.hex(first));
        narrator.say("kafka", "  byte 0     %02x           magic byte: \"a registry's serializer wrote this\"", magic);
        narrator.say("kafka", "  bytes 1-4  %s  schema id %d", Payments.hex(Arrays.copyOfRange(first, 1, 5)), id);
        narrator.say("kafka", "  bytes 5-   %-12s the payment (%d bytes of message%s)", (first.length - 5) + " bytes",
                messageBytes, first.length - 5 > messageBytes
                        ? ", after " + (first.length - 5 - messageBytes) + " naming its type in the .proto file" : "");
        narrator.say("registry", "this version's ids: contentId=%d, globalId=%d", ids.contentId(), ids.globalId());
        narrator.notice("the id on the wire is the content id: the schema's text itself, shared by every artifact");
        narrator.notice("that registers the same text. No field names travel; a reader needs the schema to decode.");

        long before = lab.registry().contentFetches();
        List<V> read = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerProps)) {
            for (ConsumerRecord<String, V> r : LogReader.readTopic(consumer, topic)) {
                read.add(r.value());
            }
        }
        long fetches = lab.registry().contentFetches() - before;
        int equal = (int) sent.stream().filter(read::contains).count();
        narrator.say("consumer", "read %d payments back, %d equal to those sent; requests for schema id %d the registry served: %d",
                read.size(), equal, id, fetches);
        narrator.notice("the deserializer fetched the schema once, on the first record, and kept it: ids never change meaning.");
        List<Integer> firstBytes = new ArrayList<>();
        for (int i = 0; i < Math.min(8, first.length); i++) {
            firstBytes.add(first[i] & 0xFF);
        }
        return new WireFormat(firstBytes, magic, id, ids.contentId(), ids.globalId(), first.length - 5, equal, fetches);
    }
}
