package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.avro.Payment;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The lesson's sample payments, in both schema languages, and plain Avro encoding and decoding
 * (what a serializer does once it knows the schema).
 */
final class Payments {

    /** The same three payments every step writes. */
    static final List<Payment> AVRO = List.of(
            new Payment("pay-1", 1250L, "EUR"), new Payment("pay-2", 990L, "EUR"), new Payment("pay-3", 43_000L, "USD"));

    private Payments() {
    }

    static io.kafkalessons.lesson15.proto.Payment protobuf(Payment p) {
        return io.kafkalessons.lesson15.proto.Payment.newBuilder()
                .setId(p.getId()).setAmountCents(p.getAmountCents()).setCurrency(p.getCurrency()).build();
    }

    static String json(Payment p) {
        return "{\"id\":\"" + p.getId() + "\",\"amount_cents\":" + p.getAmountCents() + ",\"currency\":\"" + p.getCurrency() + "\"}";
    }

    /** A schema of the evolution folder, e.g. {@code add-field-with-default}. */
    static Schema evolved(String change) {
        try (InputStream in = Payments.class.getResourceAsStream("evolution/" + change + ".avsc")) {
            if (in == null) {
                throw new IllegalStateException("no schema " + change);
            }
            return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record of {@code schema} filled from a payment: fields it does not know get a value of their type. */
    static GenericRecord record(Schema schema, Payment p) {
        GenericData.Record r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            Object value = switch (f.name()) {
                case "id" -> p.getId();
                case "amount_cents" -> f.schema().getType() == Schema.Type.STRING
                        ? String.format("%d.%02d", p.getAmountCents() / 100, p.getAmountCents() % 100) : p.getAmountCents();
                case "currency" -> p.getCurrency();
                default -> "written by the new producer";
            };
            r.put(f.name(), value);
        }
        return r;
    }

    /** Avro binary: the field values one after another, no names, no schema. */
    static byte[] encode(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decodes bytes written with {@code writer} into a record of {@code reader} (Avro's schema resolution). */
    static GenericRecord decode(byte[] bytes, int offset, Schema writer, Schema reader) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
