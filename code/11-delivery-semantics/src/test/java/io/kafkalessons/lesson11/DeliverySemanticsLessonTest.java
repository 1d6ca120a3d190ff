package io.kafkalessons.lesson11;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.lesson11.DeliverySemanticsResult.ModeRun;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Try this 1 reads what the lesson's own run left; it goes first, before Try this 2's run replaces it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliverySemanticsLessonTest {

    private static KafkaCluster kafka;
    private static DeliverySemanticsResult result;

    @BeforeAll
    static void runLessonOnThreeBrokers() throws Exception {
        kafka = KafkaCluster.builder().brokers(3).name("lesson-11-test").start();
        result = new DeliverySemanticsLesson(kafka.bootstrapServers(), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("Try this 1: the README's console consumer with --isolation-level read_uncommitted prints 55 records from the"
            + " exactly-once output, the 5 of the aborted transaction included; read_committed readers saw 50")
    void tryReadingUncommitted() {
        List<String> command = new ArrayList<>(TryThis.command(1, "kafka-console-consumer",
                Map.of("127.0.0.1:9092", kafka.bootstrapServers())));
        // The README's command runs until Ctrl-C; here it stops 3 s after the last record.
        command.addAll(List.of("--timeout-ms", "3000"));
        CapturedTool read = CapturedTool.run(command);
        ModeRun exactlyOnce = result.mode(DeliverySemanticsLesson.EXACTLY_ONCE);
        assertThat(exactlyOnce.output()).isEqualTo(DeliverySemanticsLesson.RECORDS);
        List<String> shown = read.out().lines().toList();
        assertThat(shown).as(read.err()).hasSize(DeliverySemanticsLesson.RECORDS + DeliverySemanticsLesson.HANDLED_BEFORE_CRASH)
                .hasSize(55);
        // The five extra are copies of input records: the aborted attempt wrote them before the crash.
        assertThat(shown.stream().distinct().count()).isEqualTo(DeliverySemanticsLesson.RECORDS);
    }

    @Test
    @DisplayName("Try this 2 (--try 2): crashing before handling any record of the batch, at-most-once skips all 10 and"
            + " at-least-once repeats none, so the run no longer shows what the lesson claims (exit 1)")
    void tryCrashBeforeHandlingAnything() throws Exception {
        DeliverySemanticsResult early = new DeliverySemanticsLesson(kafka.bootstrapServers(), Narrator.silent(), 0).run();
        assertThat(early.mode(DeliverySemanticsLesson.AT_MOST_ONCE).skipped()).isEqualTo(10);
        assertThat(early.mode(DeliverySemanticsLesson.AT_LEAST_ONCE).duplicated()).isZero();
        assertThat(early.mode(DeliverySemanticsLesson.AT_LEAST_ONCE).skipped()).isZero();
        assertThat(early.asExpected()).isFalse();
    }

    @Test
    @DisplayName("At-most-once (commit, then process): the crash skips the 5 unhandled records of the batch, none twice")
    void atMostOnceSkips() {
        assertThat(result.mode(DeliverySemanticsLesson.AT_MOST_ONCE)).isEqualTo(new ModeRun("at-most-once", 50, 45, 5, 0));
    }

    @Test
    @DisplayName("At-least-once (process, then commit): the restart repeats the 5 records handled before the crash, none skipped")
    void atLeastOnceDuplicates() {
        assertThat(result.mode(DeliverySemanticsLesson.AT_LEAST_ONCE)).isEqualTo(new ModeRun("at-least-once", 50, 55, 0, 5));
    }

    @Test
    @DisplayName("Exactly-once (output and offsets in one transaction): 50 records for 50 inputs, 0 skipped, 0 duplicated")
    void exactlyOnceNeither() {
        assertThat(result.mode(DeliverySemanticsLesson.EXACTLY_ONCE)).isEqualTo(new ModeRun("exactly-once", 50, 50, 0, 0));
    }

    @Test
    @DisplayName("Records of an aborted transaction are invisible to read_committed (0 of 10) and visible to read_uncommitted (10)")
    void abortedRecordsHidden() {
        assertThat(result.abortedReadCommitted()).isZero();
        assertThat(result.abortedReadUncommitted()).isEqualTo(10);
    }

    @Test
    @DisplayName("A second producer with the same transactional.id fences the first: the zombie cannot commit")
    void zombieFenced() {
        assertThat(result.zombieFenced()).isTrue();
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 11 exits 0")
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
