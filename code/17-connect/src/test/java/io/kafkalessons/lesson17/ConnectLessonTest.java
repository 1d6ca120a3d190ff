package io.kafkalessons.lesson17;

import io.kafkalessons.lesson17.ConnectResult.BadConfig;
import io.kafkalessons.lesson17.ConnectResult.Crash;
import io.kafkalessons.lesson17.ConnectResult.DeadLetters;
import io.kafkalessons.lesson17.ConnectResult.Run;
import io.kafkalessons.lesson17.ConnectResult.Standalone;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectLessonTest {

    private static KafkaCluster kafka;
    private static ConnectResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        kafka = KafkaCluster.builder().brokers(1).name("lesson-17-test").start();
        result = new ConnectLesson(kafka.bootstrapServers(), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("A standalone worker moves every line of the file into the topic and out into the copy, and stores the"
            + " source's position as a byte offset equal to the file's size")
    void standaloneMovesTheFileEndToEnd() {
        Standalone s = result.standalone();
        assertThat(s.lines()).isEqualTo(StandaloneStep.ORDERS.size());
        assertThat(s.records()).hasSize(s.lines());
        assertThat(s.copied()).hasSize(s.lines());
        assertThat(s.position()).isEqualTo(s.fileBytes());
    }

    @Test
    @DisplayName("HoistField and InsertField are visible in every record: the line under \"line\", and \"origin\" added")
    void transformsShowInTheRecords() {
        Standalone s = result.standalone();
        for (int i = 0; i < s.lines(); i++) {
            assertThat(s.records().get(i)).isEqualTo("{\"line\":\"" + StandaloneStep.ORDERS.get(i) + "\",\"origin\":\"orders.txt\"}");
            assertThat(s.copied().get(i)).isEqualTo("{line=" + StandaloneStep.ORDERS.get(i) + ", origin=orders.txt}");
        }
    }

    @Test
    @DisplayName("A paused connector writes nothing: the topic holds the same count one second later")
    void pausedConnectorWritesNothing() {
        var pause = result.atLeastOnce().pause().orElseThrow();
        assertThat(pause.whenPaused()).isPositive().isLessThan(CrashStep.COUNT);
        assertThat(pause.secondLater()).isEqualTo(pause.whenPaused());
    }

    @Test
    @DisplayName("Killed with kill -9, the worker's task moves to the other worker, not before the 6 s session timeout counted from its last heartbeat (at most 1 s before the kill), and within"
            + " 30 s; no number is missing")
    void taskMovesToTheOtherWorker() {
        for (Crash crash : new Crash[] {result.atLeastOnce(), result.exactlyOnce()}) {
            assertThat(crash.movedTo()).isNotEqualTo(crash.killedWorker());
            assertThat(crash.moveMillis()).isBetween(5_000L, 30_000L);
            assertThat(crash.runs()).hasSize(2);
            assertThat(crash.missing()).isZero();
        }
    }

    @Test
    @DisplayName("At-least-once: no offset was stored before the kill, so the new task starts again at 0 and every number the"
            + " dead task wrote is written twice")
    void atLeastOnceWritesTheDeadTasksRecordsTwice() {
        Crash crash = result.atLeastOnce();
        Run dead = crash.runs().get(0);
        Run after = crash.runs().get(1);
        assertThat(dead.first()).isZero();
        assertThat(dead.records()).isGreaterThanOrEqualTo(CrashStep.KILL_AT).isLessThan(CrashStep.COUNT);
        assertThat(after.first()).isZero();
        assertThat(after.last()).isEqualTo(CrashStep.COUNT - 1);
        assertThat(crash.duplicates()).isEqualTo(dead.records());
        assertThat(crash.total()).isEqualTo(CrashStep.COUNT + dead.records());
    }

    @Test
    @DisplayName("Exactly-once source: the new task starts right after the dead one's last committed number; every number"
            + " is in the topic once")
    void exactlyOnceWritesEachNumberOnce() {
        Crash crash = result.exactlyOnce();
        Run dead = crash.runs().get(0);
        Run after = crash.runs().get(1);
        assertThat(dead.first()).isZero();
        // The kill comes at an end offset of 800, which counts a commit marker after every transaction too.
        assertThat(dead.records()).isEqualTo(dead.last() + 1).isPositive();
        assertThat(after.first()).isEqualTo(dead.last() + 1);
        assertThat(after.last()).isEqualTo(CrashStep.COUNT - 1);
        assertThat(crash.duplicates()).isZero();
        assertThat(crash.total()).isEqualTo(CrashStep.COUNT);
    }

    @Test
    @DisplayName("With errors.tolerance=all the 10 good records reach the file and the 1 bad one is in the dead letter queue,"
            + " with a DataException named in its headers")
    void tolerantSinkSendsTheBadRecordToTheDlq() {
        DeadLetters d = result.deadLetters();
        assertThat(d.written()).isEqualTo(DeadLetterStep.GOOD);
        assertThat(d.deadLettered()).isEqualTo(1);
        assertThat(d.deadValue()).isEqualTo(DeadLetterStep.BAD);
        assertThat(d.reason()).isEqualTo("org.apache.kafka.connect.errors.DataException");
    }

    @Test
    @DisplayName("Without tolerance the task fails, its status says the error tolerance was exceeded, and a restart fails again")
    void strictSinkFailsAndFailsAgain() {
        DeadLetters d = result.deadLetters();
        assertThat(d.trace()).contains("Tolerance exceeded in error handler");
        assertThat(d.restartState()).isEqualTo("RESTARTING");
        assertThat(d.afterRestart()).isEqualTo("FAILED");
    }

    @Test
    @DisplayName("A connector class that does not exist is refused with 400 and one line naming it; validate counts the bad field")
    void badConfigsAreRefusedInOneLine() {
        BadConfig b = result.badConfig();
        assertThat(b.missingClassStatus()).isEqualTo(400);
        assertThat(b.missingClass()).contains("FileStreamSinkConector").doesNotContain("\n").hasSizeLessThan(200);
        assertThat(b.badFieldErrors()).isPositive();
        assertThat(b.badField()).contains("tasks.max");
    }

    @Test
    @DisplayName("The README's RESULT line has the shape of this run's")
    void readmeShowsThisRunsResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md")))).isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
