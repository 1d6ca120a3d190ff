package io.kafkalessons.lesson05;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CommitLogLessonTest {

    private static KafkaCluster kafka;
    private static CommitLogResult result;

    @BeforeAll
    static void runLessonOnThreeBrokers() throws Exception {
        kafka = KafkaCluster.builder().brokers(3).name("lesson-05-test").start();
        result = new CommitLogLesson(kafka.bootstrapServers(), Optional.of(kafka.disks()), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Round-robin over 3 partitions puts 10 of the 30 records in each")
    void recordsSpreadOverPartitions() {
        assertThat(result.recordsPerPartition()).isEqualTo(Map.of(0, 10, 1, 10, 2, 10));
    }

    @Test
    @DisplayName("Each partition numbers its records on its own: offsets 0..9, contiguous, in every partition")
    void offsetsContiguousPerPartition() {
        List<Long> zeroToNine = IntStream.range(0, 10).mapToObj(i -> (long) i).toList();
        assertThat(result.offsetsRead()).containsOnlyKeys(0, 1, 2);
        assertThat(result.offsetsRead().values()).allSatisfy(offsets -> assertThat(offsets).isEqualTo(zeroToNine));
        assertThat(result.offsetsContiguous()).isTrue();
    }

    @Test
    @DisplayName("Seeking back to offset 4 of partition 1 reads exactly the same records again")
    void seekBackReadsTheSameRecords() {
        List<String> expected = IntStream.range(4, 10).mapToObj(o -> CommitLogLesson.value(o * 3 + 1)).toList();
        assertThat(result.firstRead()).isEqualTo(expected);
        assertThat(result.reRead()).isEqualTo(result.firstRead());
    }

    @Test
    @DisplayName("The leader reports partition 0 growing when more records are appended")
    void reportedSizeGrows() {
        assertThat(result.bytesAfterFirstBatch()).isPositive();
        assertThat(result.bytesAfterSecondBatch()).isGreaterThan(result.bytesAfterFirstBatch());
    }

    @Test
    @DisplayName("On the leader's disk, partition 0 is a folder with a .log, an .index and a .timeindex segment file")
    void segmentFilesExist() {
        assertThat(result.disk().ran()).isTrue();
        assertThat(result.disk().value().partition0Files()).contains(
                "00000000000000000000.log", "00000000000000000000.index", "00000000000000000000.timeindex");
    }

    @Test
    @DisplayName("The .log file holds the records' bytes and grows with each batch, and its size is what the broker reports")
    void logFileHoldsTheRecords() {
        CommitLogResult.DiskView disk = result.disk().value();
        assertThat(disk.logFileHoldsEveryValue()).isTrue();
        assertThat(disk.logFileBytesAfterSecond()).isGreaterThan(disk.logFileBytesAfterFirst());
        assertThat(disk.logFileBytesAfterFirst()).isEqualTo(result.bytesAfterFirstBatch());
        assertThat(disk.logFileBytesAfterSecond()).isEqualTo(result.bytesAfterSecondBatch());
    }

    @Test
    @DisplayName("An active segment's .index file is sized up front to segment.index.bytes (10 MiB) and cut down when the segment closes")
    void indexPreallocatedThenTrimmed() {
        assertThat(result.disk().value().activeIndexBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(result.disk().value().closedIndexBytes()).isPositive().isLessThan(64L * 1024);
    }

    @Test
    @DisplayName("Try this 3 (--try 3): with 2 MiB segments the 1.3 MB batch fits in one, the partition keeps a single .log file,"
            + " and the run no longer shows the roll it promises (exit 1)")
    void tryBiggerSegmentsDoNotRoll() throws Exception {
        CommitLogResult bigger = new CommitLogLesson(kafka.bootstrapServers(), Optional.of(kafka.disks()), Narrator.silent(),
                2 * CommitLogLesson.SEGMENT_BYTES).run();
        assertThat(bigger.disk().value().rolledPartitionSegments()).containsExactly("00000000000000000000.log");
        assertThat(bigger.asExpected()).isFalse();
    }

    @Test
    @DisplayName("Try this 1: the README's kafka-dump-log on partition 0's first segment prints each batch with its base offset"
            + " and record count, and with --print-data-log every record's value")
    void tryDumpingASegment() throws Exception {
        int leader = kafka.admin().describeTopics(List.of(CommitLogLesson.TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(CommitLogLesson.TOPIC).partitions().get(0).leader().id();
        Path folder = kafka.disks().logDir(leader).resolve(CommitLogLesson.TOPIC + "-0");
        CapturedTool dump = CapturedTool.run(TryThis.command(1, "kafka-dump-log", Map.of("<folder>", folder.toString())));
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        List<String> batches = dump.out().lines().filter(l -> l.startsWith("baseOffset: ")).toList();
        List<String> records = dump.out().lines().filter(l -> l.startsWith("| offset: ")).toList();
        assertThat(batches).first().asString().startsWith("baseOffset: 0 ");
        int counted = batches.stream().mapToInt(b -> Integer.parseInt(b.replaceAll(".* count: (\\d+) .*", "$1"))).sum();
        assertThat(counted).isEqualTo(records.size()).isGreaterThanOrEqualTo(CommitLogLesson.BATCH / CommitLogLesson.PARTITIONS);
        assertThat(records).allMatch(r -> r.matches(".* payload: order-\\d{4}"));
    }

    @Test
    @DisplayName("Try this 2: the README's kafka-console-consumer from offset 4 of partition 1 prints the same records the lesson"
            + " re-read from there")
    void tryReadingFromAnOffset() {
        List<String> command = new ArrayList<>(TryThis.command(2, "kafka-console-consumer",
                Map.of("127.0.0.1:9092", kafka.bootstrapServers())));
        // The README's command runs until Ctrl-C; the test stops it once it has printed as many records as the lesson read.
        command.addAll(List.of("--max-messages", Integer.toString(result.reRead().size()), "--timeout-ms", "20000"));
        CapturedTool read = CapturedTool.run(command);
        assertThat(read.exitCode()).as(read.err()).isZero();
        assertThat(read.out().lines()).containsExactlyElementsOf(result.reRead());
    }

    @Test
    @DisplayName("More data than one 1 MiB segment rolls the log: a second .log file named after its first offset")
    void logRollsIntoSegments() {
        List<String> segments = result.disk().value().rolledPartitionSegments();
        assertThat(segments).as("about 1.3 MB in 1 MiB segments").hasSize(2);
        assertThat(segments.get(0)).isEqualTo("00000000000000000000.log");
        long secondBase = Long.parseLong(segments.get(1).replace(".log", ""));
        assertThat(secondBase).isBetween(1L, (long) CommitLogLesson.BULK_RECORDS + 10);
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 5 exits 0")
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
