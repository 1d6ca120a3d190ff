package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.SchemasResult.Decoding;
import io.kafkalessons.lesson15.SchemasResult.NoRegistry;
import io.kafkalessons.lesson15.SchemasResult.Outage;
import io.kafkalessons.lesson15.SchemasResult.Readers;
import io.kafkalessons.lesson15.SchemasResult.Verdict;
import io.kafkalessons.lesson15.SchemasResult.WireFormat;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.RegistryInstall;
import io.kafkalessons.sandbox.SchemaRegistry;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ExternalTools;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchemasLessonTest {

    private static KafkaCluster kafka;
    private static SchemaRegistry registry;
    private static SchemasResult result;

    @BeforeAll
    static void runLessonWithARegistry() throws Exception {
        ExternalTools.require(RegistryInstall.available(), "a Java 21+ runtime for the schema registry",
                "install a JDK 21 or newer, or set " + io.kafkalessons.sandbox.JavaRuntimes.HOME_VARIABLE);
        kafka = KafkaCluster.builder().brokers(1).name("lesson-15-test").start();
        registry = SchemaRegistry.start(kafka.bootstrapServers(), "lesson-15-test-registry");
        result = new SchemasLesson(kafka.bootstrapServers(), registry.url(), registry.managementUrl(), Faults.of(registry),
                Narrator.silent()).run();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Step 1: one payment is 12 bytes of Avro, 15 of Protobuf and 51 of JSON")
    void sizes() {
        assertThat(result.sizes()).isEqualTo(new SchemasResult.Sizes(12, 15, 51));
    }

    @Test
    @DisplayName("Step 2: an Avro value is magic byte 0, the schema's 4-byte content id, then the 12 bytes; the consumer fetches the schema once")
    void avroOnTheWire() {
        WireFormat avro = result.avro();
        assertThat(avro.magicByte()).isZero();
        assertThat(avro.idOnWire()).isEqualTo(avro.contentId());
        assertThat(avro.firstBytes().subList(0, 5)).containsExactly(0, 0, 0, 0, (int) avro.contentId());
        assertThat(avro.payloadBytes()).isEqualTo(result.sizes().avro());
        assertThat(avro.read()).isEqualTo(Payments.AVRO.size());
        assertThat(avro.schemaFetches()).as("three records, one request for their schema").isEqualTo(1);
    }

    @Test
    @DisplayName("Step 3: a Protobuf value has the same 5-byte header, then the message type's name, then the message")
    void protobufOnTheWire() {
        WireFormat protobuf = result.protobuf();
        assertThat(protobuf.magicByte()).isZero();
        assertThat(protobuf.idOnWire()).isEqualTo(protobuf.contentId()).isNotEqualTo(result.avro().contentId());
        assertThat(protobuf.payloadBytes()).isGreaterThan(result.sizes().protobuf());
        assertThat(protobuf.read()).isEqualTo(Payments.AVRO.size());
        assertThat(protobuf.schemaFetches()).isEqualTo(1);
    }

    @Test
    @DisplayName("Step 4: Avro reads across a change only where a default fills the gap or the field is skipped")
    void decoding() {
        assertThat(result.decoding()).containsExactly(
                Map.entry("add-field-with-default", new Decoding(true, true)),
                Map.entry("add-field-without-default", new Decoding(false, true)),
                Map.entry("remove-field-without-default", new Decoding(true, false)),
                Map.entry("change-field-type", new Decoding(false, false)));
    }

    @Test
    @DisplayName("Step 5: with no rule the registry takes every change; BACKWARD, FORWARD and FULL exactly those Avro can read, else HTTP 400")
    void compatibilityTable() {
        assertThat(result.accepted(EvolutionStep.NONE)).containsExactlyElementsOf(EvolutionStep.CHANGES);
        assertThat(result.accepted("BACKWARD")).containsExactly("add-field-with-default", "remove-field-without-default");
        assertThat(result.accepted("FORWARD")).containsExactly("add-field-with-default", "add-field-without-default");
        assertThat(result.accepted("FULL")).containsExactly("add-field-with-default");
        result.rules().forEach((rule, row) -> row.forEach((change, verdict) -> {
            assertThat(verdict.accepted()).as(rule + " " + change)
                    .isEqualTo(EvolutionStep.allows(rule, result.decoding().get(change)));
            assertThat(verdict.status()).isIn(200, 400);
            if (!verdict.accepted()) {
                assertThat(verdict.message()).startsWith("RuleViolationException: Incompatible artifact");
            }
        }));
        List<Verdict> all = result.rules().values().stream().flatMap(row -> row.values().stream()).toList();
        assertThat(all).hasSize(16);
    }

    @Test
    @DisplayName("Step 6: under FULL the old reader skips the new field, the new reader fills the default; a type change never reaches Kafka")
    void oldAndNewReaders() {
        Readers readers = result.readers();
        assertThat(readers.oldReaderSaw()).hasSize(2).noneMatch(r -> r.contains("note"));
        assertThat(readers.newReaderSaw().get(0)).contains("\"note\": \"\"");
        assertThat(readers.newReaderSaw().get(1)).contains("\"note\": \"written by the new producer\"");
        assertThat(readers.refusedChange()).startsWith("registry answered HTTP 400 RuleViolationException");
        assertThat(readers.confluentStatus()).as("Confluent's status for an incompatible schema").isEqualTo(409);
        assertThat(readers.recordsInTopic()).isEqualTo(2);
    }

    @Test
    @DisplayName("Try this 2 (--try 2): under BACKWARD the registry accepts a version 2 without currency; the new reader reads"
            + " both records, the old one fails on the new record, as step 4 predicted, and the run exits 1")
    void tryRemovingAFieldUnderBackward() throws Exception {
        Lab lab = new Lab(kafka.bootstrapServers(), new RegistryRest(registry.url(), registry.managementUrl()), Narrator.silent());
        lab.recreateTopics(SchemasLesson.EVOLUTION_TOPIC);
        Readers readers = new ReadersStep(lab, ReadersStep.TRY_RULE, ReadersStep.TRY_CHANGE).run();
        assertThat(result.decoding().get(ReadersStep.TRY_CHANGE).oldReadsNew()).isFalse();
        assertThat(readers.recordsInTopic()).isEqualTo(2);
        assertThat(readers.newReaderSaw()).hasSize(2).noneMatch(r -> r.startsWith("fails: "));
        assertThat(readers.oldReaderSaw()).hasSize(2);
        assertThat(readers.oldReaderSaw().get(0)).doesNotStartWith("fails: ");
        assertThat(readers.oldReaderSaw().get(1)).startsWith("fails: ").contains("currency");
        SchemasResult tried = new SchemasResult(result.sizes(), result.avro(), result.protobuf(), result.rules(), result.decoding(),
                readers, result.noRegistry(), result.numbers(), result.outage(), result.journalRecords());
        assertThat(tried.asExpected()).isFalse();
    }

    @Test
    @DisplayName("Step 7: without a registry all 3 changed records are written, and the old consumer fails on each (3 read, 3 failed)")
    void withoutARegistry() {
        NoRegistry n = result.noRegistry();
        assertThat(n.written()).isEqualTo(3);
        assertThat(n.read()).isEqualTo(3);
        assertThat(n.failed()).isEqualTo(n.changedWritten()).isEqualTo(3);
        assertThat(n.firstFailure()).isEqualTo("offset 3: AvroRuntimeException: Malformed data. Length is negative: -25");
    }

    @Test
    @DisplayName("Step 8: Protobuf: a renamed field keeps its value, a reused number reads old data as new, unknown fields survive")
    void protobufNumbers() {
        assertThat(result.numbers().renamedValue()).isEqualTo(1250);
        assertThat(result.numbers().reusedNumberRead()).isEqualTo("EUR");
        assertThat(result.numbers().unknownKept()).isTrue();
    }

    @Test
    @DisplayName("Step 9: an unknown id and a dead registry each fail in one line within seconds; Kafka keeps the records; a restart replays the same ids")
    void registryOutage() {
        Outage o = result.outage().value();
        assertThat(o.unknownIdFailure()).isEqualTo("offset 0: registry answered HTTP 404 ContentNotFoundException: "
                + "ContentNotFoundException: No content with ID '" + OutageStep.UNKNOWN_ID + "' was found.");
        assertThat(o.downFailure()).isEqualTo("ConnectException: Connection refused");
        // "Within seconds": two retries 200 ms apart against a port where nothing listens.
        assertThat(o.downFailMillis()).isBetween(0L, 5_000L);
        assertThat(o.recordsKept()).isEqualTo(3);
        assertThat(o.sameIdsAfter()).isTrue();
        assertThat(o.readAfterRestart()).isEqualTo(3);
    }

    @Test
    @DisplayName("Step 10: the registry's journal is a Kafka topic holding what the lesson registered")
    void journal() {
        assertThat(result.journalRecords()).isPositive();
    }

    @Test
    @DisplayName("The registry listens on loopback only: its management port answers on 127.0.0.1 and refuses 127.0.0.2")
    void registryOnLoopbackOnly() {
        int port = URI.create(registry.managementUrl()).getPort();
        assertThat(connects("127.0.0.1", port)).isTrue();
        assertThat(connects("127.0.0.2", port)).isFalse();
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 15 exits 0")
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }

    private static boolean connects(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
