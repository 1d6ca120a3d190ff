package io.kafkalessons.lesson15;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * Avro with no registry: the value is the encoded fields alone, and both sides are built with the
 * schema they believe in. Nothing checks that they agree.
 */
final class PlainAvro {

    private PlainAvro() {
    }

    /** Writes a record with whatever schema the record carries. */
    static final class Writer implements Serializer<GenericRecord> {
        @Override
        public byte[] serialize(String topic, GenericRecord data) {
            return Payments.encode(data);
        }
    }

    /** Reads every value as if it were written with {@code schema}. */
    static final class Reader implements Deserializer<GenericRecord> {
        private final Schema schema;

        Reader(Schema schema) {
            this.schema = schema;
        }

        @Override
        public GenericRecord deserialize(String topic, byte[] data) {
            try {
                return Payments.decode(data, 0, schema, schema);
            } catch (IOException | AvroRuntimeException e) {
                throw new SerializationException("cannot read a " + schema.getName() + " from " + data.length + " bytes: "
                        + Outcomes.oneLine(e), e);
            }
        }
    }
}
