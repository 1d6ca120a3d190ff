package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * What lesson 19 measured.
 *
 * @param machine     where
 * @param durability  step 1: as fast as possible, ours beside kafka-producer-perf-test, per RF and acks
 * @param steady      step 5: at a steady rate, producer and end-to-end latency, per RF and acks
 * @param batching    step 2: records per second per acks and batch.size
 * @param compression step 3: records per second and bytes on disk per compression type
 * @param shape       step 4: larger records, one partition
 * @param reading     step 6: one consumer reading the step-1 topic, ours beside kafka-consumer-perf-test
 * @param charts      the chart files written
 */
public record PerformanceResult(Machine machine, List<Bench.Compared> durability, List<Bench.Steady> steady,
                                List<TuningStep.BatchPoint> batching, List<TuningStep.Compression> compression,
                                TuningStep.Shape shape, Reading reading, List<Path> charts) implements LessonResult {

    /** @param ours records per second of our consumer; @param theirs kafka-consumer-perf-test's fetch.nMsg.sec */
    public record Reading(double ours, double theirs) {
        public double ratio() {
            return ours / theirs;
        }
    }

    /**
     * Ours over Kafka's tool stays within this band: a run of the test's size takes a fraction of a
     * second, and on 2 shared cores such runs of the same tool can differ by a factor of two or more. A mistake in the
     * measurement itself (milliseconds for microseconds, failed records counted) lands far outside.
     */
    static final double RATIO_LOW = 0.2;
    static final double RATIO_HIGH = 5.0;

    Bench.Compared durability(int rf, String acks) {
        return durability.stream().filter(c -> c.workload().replicationFactor() == rf && c.workload().acks().equals(acks))
                .findFirst().orElseThrow();
    }

    Bench.Steady steady(int rf, String acks) {
        return steady.stream().filter(s -> s.workload().replicationFactor() == rf && s.workload().acks().equals(acks))
                .findFirst().orElseThrow();
    }

    double batching(String acks, int batchSize) {
        return batching.stream().filter(p -> p.acks().equals(acks) && p.batchSize() == batchSize)
                .mapToDouble(TuningStep.BatchPoint::recordsPerSecond).findFirst().orElseThrow();
    }

    long bytesOnDisk(String type) {
        return compression.stream().filter(c -> c.type().equals(type)).mapToLong(TuningStep.Compression::bytesPerCopy)
                .findFirst().orElseThrow();
    }

    @Override
    public String summary() {
        return String.format("rf1_acks1=%.0fk rf3_acks1=%.0fk rf3_all=%.0fk ratio=%.2f-%.2f p50_ms:rf1_acks1=%.2f,rf3_all=%.2f"
                        + " batch1k->64k:acks1=x%.1f,all=x%.1f disk:lz4=%.2f,zstd=%.2f read=%.0fk read_ratio=%.2f cores=%d",
                durability(1, "1").ours().recordsPerSecond() / 1000, durability(3, "1").ours().recordsPerSecond() / 1000,
                durability(3, "all").ours().recordsPerSecond() / 1000,
                durability.stream().mapToDouble(Bench.Compared::ratio).min().orElse(0),
                durability.stream().mapToDouble(Bench.Compared::ratio).max().orElse(0),
                steady(1, "1").producer().latency().p50(), steady(3, "all").producer().latency().p50(),
                batching("1", 64 * 1024) / batching("1", 1024), batching("all", 64 * 1024) / batching("all", 1024),
                (double) bytesOnDisk("lz4") / bytesOnDisk("none"), (double) bytesOnDisk("zstd") / bytesOnDisk("none"),
                reading.ours() / 1000, reading.ratio(), machine.cores());
    }

    @Override
    public boolean asExpected() {
        Predicate<Double> sameOrder = r -> r >= RATIO_LOW && r <= RATIO_HIGH;
        double steadyAll = steady(3, "all").producer().latency().p50();
        return steadyAll > steady(1, "1").producer().latency().p50() && steadyAll > steady(3, "1").producer().latency().p50()
                && durability(3, "all").ours().recordsPerSecond() < durability(3, "1").ours().recordsPerSecond()
                && batching("1", 64 * 1024) > batching("1", 1024) && batching("all", 64 * 1024) > batching("all", 1024)
                && bytesOnDisk("lz4") < bytesOnDisk("none") && bytesOnDisk("zstd") < bytesOnDisk("none")
                && durability.stream().map(Bench.Compared::ratio).allMatch(sameOrder);
    }
}
