package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.SchemasResult.Sizes;
import io.kafkalessons.lesson15.avro.Payment;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.lesson.Narrator;

import java.nio.charset.StandardCharsets;

/**
 * Lesson 15: producers and consumers agree on data through a schema. The lesson writes one payment
 * type as an Avro schema and a Protobuf message, sends it through a real schema registry (Apicurio
 * Registry, its schemas kept in a Kafka topic), and tries changes to it under each compatibility rule.
 */
public final class SchemasLesson {

    public static final String AVRO_TOPIC = "lesson15-payments-avro";
    public static final String PROTOBUF_TOPIC = "lesson15-payments-protobuf";
    public static final String EVOLUTION_TOPIC = "lesson15-evolution";
    public static final String NO_REGISTRY_TOPIC = "lesson15-no-registry";
    public static final String UNKNOWN_ID_TOPIC = "lesson15-unknown-id";
    /** Where Apicurio Registry's kafkasql storage keeps every schema and rule. */
    public static final String JOURNAL_TOPIC = "kafkasql-journal";

    /**
     * Apicurio's client logs through java.util.logging too (a warning about its HTTP client on first
     * use); the lesson's narration says what matters. Held here so the setting is not collected.
     */
    private static final java.util.logging.Logger APICURIO_LOG = quiet("io.apicurio");

    private final Lab lab;
    private final Faults registryFaults;
    private final boolean removeUnderBackward;

    /**
     * @param registryUrl    the registry's base address
     * @param managementUrl  its management port (readiness, and metrics counting the schemas it serves)
     * @param registryFaults kill and restart for the registry, when the lesson's sandbox started it
     */
    public SchemasLesson(String bootstrapServers, String registryUrl, String managementUrl, Faults registryFaults,
                         Narrator narrator) {
        this(bootstrapServers, registryUrl, managementUrl, registryFaults, narrator, false);
    }

    /** @param removeUnderBackward "Try this" 2: step 6 under BACKWARD, with a version 2 that removes {@code currency} */
    public SchemasLesson(String bootstrapServers, String registryUrl, String managementUrl, Faults registryFaults,
                         Narrator narrator, boolean removeUnderBackward) {
        this.lab = new Lab(bootstrapServers, new RegistryRest(registryUrl, managementUrl), narrator);
        this.registryFaults = registryFaults;
        this.removeUnderBackward = removeUnderBackward;
    }

    public SchemasResult run() throws Exception {
        lab.narrator().intro(
                "A Kafka record is bytes; producer and consumer must agree what they mean. A schema says it, in",
                "a language such as Avro or Protobuf, and a schema registry keeps every version of it, gives",
                "each an id that travels in the record, and refuses a change that would break a reader.");
        lab.recreateTopics(AVRO_TOPIC, PROTOBUF_TOPIC, EVOLUTION_TOPIC, NO_REGISTRY_TOPIC, UNKNOWN_ID_TOPIC);
        Sizes sizes = encodings();
        WireFormatStep wire = new WireFormatStep(lab);
        SchemasResult.WireFormat avro = wire.avro();
        SchemasResult.WireFormat protobuf = wire.protobuf();
        EvolutionStep evolution = new EvolutionStep(lab);
        var decoding = evolution.decoding();
        var rules = evolution.rules();
        SchemasResult.Readers readers = (removeUnderBackward ? new ReadersStep(lab, ReadersStep.TRY_RULE, ReadersStep.TRY_CHANGE)
                : new ReadersStep(lab)).run();
        SchemasResult.NoRegistry noRegistry = new NoRegistryStep(lab).run();
        SchemasResult.Numbers numbers = new ProtobufNumbersStep(lab.narrator()).run();
        var outage = new OutageStep(lab).run(registryFaults);
        long journal = lab.endOffset(JOURNAL_TOPIC);
        lab.narrator().step("where the schemas live");
        lab.narrator().say("kafka", "%s holds %d records: every artifact, version and rule made on this cluster, in order",
                JOURNAL_TOPIC, journal);
        lab.narrator().notice("a registry is one more service to run, but its state is a Kafka topic: back it up, and");
        lab.narrator().notice("a new registry pointed at the same topic is the same registry.");
        return new SchemasResult(sizes, avro, protobuf, rules, decoding, readers, noRegistry, numbers, outage, journal);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    /** One payment as Avro binary, Protobuf and JSON: the first two carry no field names. */
    private Sizes encodings() {
        Narrator narrator = lab.narrator();
        narrator.step("one payment, two schema languages (src/main/avro/payment.avsc, src/main/proto/payment.proto)");
        Payment payment = Payments.AVRO.get(0);
        byte[] avro = Payments.encode(payment);
        byte[] protobuf = Payments.protobuf(payment).toByteArray();
        byte[] json = Payments.json(payment).getBytes(StandardCharsets.UTF_8);
        narrator.say("avro", "%2d bytes: %s", avro.length, Payments.hex(avro));
        narrator.say("protobuf", "%2d bytes: %s", protobuf.length, Payments.hex(protobuf));
        narrator.say("json", "%2d bytes: %s", json.length, Payments.json(payment));
        narrator.notice("Avro writes the values in the schema's order and nothing else; Protobuf puts each value after");
        narrator.notice("its field number. Neither carries names: without the schema the bytes mean nothing.");
        return new Sizes(avro.length, protobuf.length, json.length);
    }
}
