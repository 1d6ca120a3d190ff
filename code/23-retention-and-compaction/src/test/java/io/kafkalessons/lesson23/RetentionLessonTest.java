package io.kafkalessons.lesson23;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The lesson on a one-broker sandbox with the lesson's own retention and cleaner intervals; each test checks one claim. */
class RetentionLessonTest {

    private static KafkaCluster kafka;
    private static RetentionResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        var builder = KafkaCluster.builder().brokers(1).name("lesson-23-test");
        kafka = RetentionMain.INFO.needs().kafkaSetup().apply(builder).start();
        result = new RetentionLesson(kafka.bootstrapServers(), Optional.of(kafka.disks()), Narrator.silent()).run();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static List<Long> baseOffsets(List<SegmentFiles.Segment> segments) {
        return segments.stream().map(SegmentFiles.Segment::baseOffset).toList();
    }

    @Test
    @DisplayName("Step 1: four segments stamped 4 d, 3 d, 1 d ago and now; retention.ms of 2 days deletes the first two files, whole")
    void retentionByTime() {
        RetentionResult.Time time = result.time().value();
        assertThat(baseOffsets(time.before().value())).containsExactly(0L, 10L, 20L, 30L);
        assertThat(baseOffsets(time.after().value())).containsExactly(20L, 30L);
        assertThat(time.after().value().get(0).offsets()).hasSize(10);
        assertThat(time.logStart()).isEqualTo(20);
        assertThat(time.logEnd()).isEqualTo(40);
    }

    @Test
    @DisplayName("Step 1: when the only segment has expired, Kafka rolls a new empty one and deletes it: log start = log end = 10")
    void expiredActiveSegment() {
        RetentionResult.Expired expired = result.time().value().expired();
        assertThat(expired.logStart()).isEqualTo(10);
        assertThat(expired.logEnd()).isEqualTo(10);
        assertThat(expired.files().value()).singleElement()
                .satisfies(s -> assertThat(s.baseOffset()).isEqualTo(10))
                .satisfies(s -> assertThat(s.offsets()).isEmpty());
    }

    @Test
    @DisplayName("Step 2: retention.bytes of 2.5 segments deletes the oldest 2 of 5; the 3 left stay at or above the limit")
    void retentionBySize() {
        RetentionResult.Size size = result.size().value();
        assertThat(size.bytesBefore()).isEqualTo(5 * size.segmentBytes());
        assertThat(size.logStart()).isEqualTo(20);
        assertThat(size.bytesAfter()).isEqualTo(3 * size.segmentBytes()).isGreaterThanOrEqualTo(size.retentionBytes());
        assertThat(size.bytesAfter() - size.segmentBytes()).isLessThan(size.retentionBytes());
        assertThat(baseOffsets(size.after().value())).containsExactly(20L, 30L, 40L);
    }

    @Test
    @DisplayName("Step 3: with a 2 h compaction lag only the segments older than 2 h lose their superseded records (8 -> 6)")
    void compactionLag() {
        assertThat(result.compaction().before()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(result.compaction().withLag()).containsExactly(1L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    @DisplayName("Step 3: without a lag every closed segment keeps one record per key at its old offset; the active segment is left alone")
    void compaction() {
        RetentionResult.Compaction compaction = result.compaction();
        assertThat(compaction.withoutLag()).containsExactly(4L, 5L, 6L, 7L);
        assertThat(compaction.latest()).containsEntry("k1", "v4").containsEntry("k2", "v2");
        List<SegmentFiles.Segment> files = compaction.files().value();
        assertThat(files.get(files.size() - 1).offsets()).as("the active segment").containsExactly(7L);
    }

    @Test
    @DisplayName("Step 3: the tombstone k3=null is still there after compaction (delete.retention.ms, 1 day)")
    void tombstoneKept() {
        assertThat(result.compaction().latest()).containsKey("k3");
        assertThat(result.compaction().latest().get("k3")).isNull();
    }

    @Test
    @DisplayName("Step 4: compact,delete removes the 4-day-old segment, k9's only value with it; 2 records left")
    void compactAndDelete() {
        assertThat(result.compactDelete().read()).containsExactly(2L, 3L);
        assertThat(result.compactDelete().logStart()).isEqualTo(2);
        assertThat(result.compactDelete().onlyValueGone()).isTrue();
    }

    @Test
    @DisplayName("Try this 1: the README's console consumer on the compacted topic prints 4 records, offsets 4 to 7, the"
            + " tombstone's value as null")
    void tryReadingTheCompactedTopic() {
        CapturedTool read = CapturedTool.run(TryThis.command(1, "kafka-console-consumer",
                Map.of("127.0.0.1:9092", kafka.bootstrapServers())));
        List<String> records = read.out().lines().toList();
        assertThat(records).as(read.err()).hasSize(4);
        assertThat(records).extracting(r -> r.split("\t")[0]).containsExactly("Offset:4", "Offset:5", "Offset:6", "Offset:7");
        assertThat(records).filteredOn(r -> r.endsWith("\tnull")).extracting(r -> r.split("\t")[1]).containsExactly("k3");
    }

    @Test
    @DisplayName("Try this 2: the README's kafka-configs --describe lists the settings the lesson gave the compacted topic")
    void tryDescribingTheTopicsSettings() {
        CapturedTool shown = CapturedTool.run(TryThis.command(2, "kafka-configs", Map.of("127.0.0.1:9092", kafka.bootstrapServers())));
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.settings()).contains("cleanup.policy=compact", "min.cleanable.dirty.ratio=0.01", "min.compaction.lag.ms=0",
                "retention.ms=-1", "segment.ms=1800000");
    }

    @Test
    @DisplayName("the run is as expected, and the README shows today's output")
    void readmeShowsTodaysResult() {
        assertThat(result.asExpected()).isTrue();
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
