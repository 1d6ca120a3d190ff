package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lesson at a tenth of its size on a 3-broker sandbox. Only relations that hold on any machine
 * are checked, never absolute numbers: those belong to the machine, and the lesson prints them.
 */
class PerformanceLessonTest {

    private static KafkaCluster kafka;
    private static PerformanceResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        var builder = KafkaCluster.builder().brokers(3).name("lesson-19-test");
        kafka = PerformanceMain.INFO.needs().kafkaSetup().apply(builder).start();
        result = new PerformanceLesson(kafka.bootstrapServers(), Scale.TEST, Path.of("target", "charts"), Narrator.silent()).run();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Step 5: at a steady rate, acks=all with 3 copies has the highest median latency: above acks=1 with 3 copies and with 1")
    void acksAllCostsLatency() {
        double all = result.steady(3, "all").producer().latency().p50();
        assertThat(all).isGreaterThan(result.steady(3, "1").producer().latency().p50());
        assertThat(all).isGreaterThan(result.steady(1, "1").producer().latency().p50());
    }

    @Test
    @DisplayName("Step 1: acks=all gives fewer records per second than acks=1 on the same 3 copies")
    void acksAllCostsThroughput() {
        assertThat(result.durability(3, "all").ours().recordsPerSecond())
                .isLessThan(result.durability(3, "1").ours().recordsPerSecond());
    }

    @Test
    @DisplayName("Step 5: every record reached the waiting consumer, and percentiles are ordered p50 <= p99 <= p99.9")
    void steadyRunsAreComplete() {
        assertThat(result.steady()).hasSize(3).allSatisfy(s -> {
            assertThat(s.producer().records()).isEqualTo(Scale.TEST.steadyRecords());
            Throughput.Latency p = s.producer().latency();
            assertThat(p.p50()).isPositive().isLessThanOrEqualTo(p.p99());
            assertThat(p.p99()).isLessThanOrEqualTo(p.p999());
            assertThat(s.endToEnd().p50()).isLessThanOrEqualTo(s.endToEnd().p99());
        });
    }

    @Test
    @DisplayName("Step 5: with 3 copies and acks=1 the median end-to-end latency is above the producer's: consumers wait for the followers")
    void consumersWaitForTheFollowers() {
        Bench.Steady run = result.steady(3, "1");
        assertThat(run.endToEnd().p50()).isGreaterThan(run.producer().latency().p50());
    }

    @Test
    @DisplayName("Steps 1 and 5: flooded, the median latency of acks=all is above the steady-rate one: time queued in the buffer")
    void floodLatencyIsQueueing() {
        assertThat(result.durability(3, "all").ours().latency().p50())
                .isGreaterThan(result.steady(3, "all").producer().latency().p50());
    }

    @Test
    @DisplayName("Step 2: batching raises throughput: 64 KiB batches beat 1 KiB batches with acks=1 and with acks=all")
    void batchingRaisesThroughput() {
        assertThat(result.batching("1", 64 * 1024)).isGreaterThan(result.batching("1", 1024));
        assertThat(result.batching("all", 64 * 1024)).isGreaterThan(result.batching("all", 1024));
    }

    @Test
    @DisplayName("Step 3: lz4 and zstd shrink the bytes on disk, zstd by over a third: random capital letters carry under 5 bits in 8")
    void compressionShrinksBytesOnDisk() {
        long none = result.bytesOnDisk("none");
        assertThat(none).isGreaterThan((long) Scale.TEST.records() * 100);
        assertThat(result.bytesOnDisk("lz4")).isLessThan(none);
        assertThat(result.bytesOnDisk("zstd")).isLessThan(none * 2 / 3);
    }

    @Test
    @DisplayName("Step 4: 1,000-byte records move more bytes per second than 100-byte ones, in fewer records per second")
    void largerRecordsMoveMoreBytes() {
        Throughput small = result.durability(3, "all").ours();
        Throughput large = result.shape().largeRecords();
        assertThat(large.megabytesPerSecond()).isGreaterThan(small.megabytesPerSecond());
        assertThat(large.recordsPerSecond()).isLessThan(small.recordsPerSecond());
    }

    @Test
    @DisplayName("Step 6: one consumer reads the acks=all topic faster than the producer wrote it")
    void readingIsFasterThanWriting() {
        assertThat(result.reading().ours()).isGreaterThan(result.durability(3, "all").ours().recordsPerSecond());
    }

    @Test
    @DisplayName("Step 1: our producer measures what kafka-producer-perf-test measures, within a factor of 5 on every workload")
    void sameMeasurementAsKafkasTool() {
        assertThat(result.durability()).hasSize(4).allSatisfy(c ->
                assertThat(c.ratio()).isBetween(PerformanceResult.RATIO_LOW, PerformanceResult.RATIO_HIGH));
    }

    @Test
    @DisplayName("Try this 1 and 2: the README's kafka-topics, kafka-producer-perf-test and kafka-consumer-perf-test, with 60 000"
            + " records at 10 000 a second instead of a million as fast as possible: a progress line after 5 s, a total with p50,"
            + " p95, p99 and p99.9, and a fetch.nMsg.sec column")
    void tryKafkasPerfTools() {
        Map<String, String> here = Map.of("127.0.0.1:9092", kafka.bootstrapServers());
        CapturedTool created = CapturedTool.run(TryThis.command(1, "kafka-topics", here));
        assertThat(created.exitCode()).as(created.err()).isZero();

        Map<String, String> shorter = Map.of("127.0.0.1:9092", kafka.bootstrapServers(), "--num-records 1000000",
                "--num-records 60000", "--throughput -1", "--throughput 10000");
        CapturedTool produced = CapturedTool.run(TryThis.command(1, "kafka-producer-perf-test", shorter));
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        List<String> lines = produced.out().lines().toList();
        String measure = "\\d+ records sent, [\\d.]+ records/sec \\([\\d.]+ MB/sec\\), [\\d.]+ ms avg latency, [\\d.]+ ms max latency";
        assertThat(lines.subList(0, lines.size() - 1)).anyMatch(l -> l.matches(measure + "\\."));
        assertThat(lines.get(lines.size() - 1)).matches("60000 " + measure.substring("\\d+ ".length())
                + ", \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99\\.9th\\.");

        CapturedTool consumed = CapturedTool.run(TryThis.command(2, "kafka-consumer-perf-test", Map.of(
                "127.0.0.1:9092", kafka.bootstrapServers(), "--num-records 1000000", "--num-records 60000")));
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        // A header line of comma-separated names, then one line of values.
        List<String> out = consumed.out().lines().toList();
        int header = out.indexOf(out.stream().filter(l -> l.contains("fetch.nMsg.sec")).findFirst().orElseThrow());
        List<String> names = List.of(out.get(header).split(", *"));
        List<String> values = List.of(out.get(header + 1).split(", *"));
        assertThat(values.get(names.indexOf("data.consumed.in.nMsg"))).isEqualTo("60000");
        assertThat(Double.parseDouble(values.get(names.indexOf("fetch.nMsg.sec")))).isPositive();
    }

    @Test
    @DisplayName("The run writes both charts as PNG and SVG")
    void chartsWritten() {
        assertThat(result.charts()).hasSize(4).allSatisfy(f -> assertThat(Files.size(f)).isGreaterThan(1000));
    }

    @Test
    @DisplayName("the run is as expected, and the README shows today's output")
    void readmeShowsTodaysResult() {
        assertThat(result.asExpected()).isTrue();
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
