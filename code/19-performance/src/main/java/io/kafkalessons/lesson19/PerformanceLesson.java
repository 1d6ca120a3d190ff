package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.Narrator;

import java.nio.file.Path;
import java.util.List;

/**
 * Lesson 19: what fault tolerance costs in throughput and latency, measured on the cluster at
 * hand, our numbers beside those of Kafka's own benchmark tools, and the producer settings that
 * buy throughput back. Writes two charts of what it measured.
 */
public final class PerformanceLesson {

    static final String TOPIC_PREFIX = "lesson19-";

    private final String bootstrapServers;
    private final Scale scale;
    private final Path chartsFolder;
    private final Narrator narrator;

    public PerformanceLesson(String bootstrapServers, Scale scale, Path chartsFolder, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.scale = scale;
        this.chartsFolder = chartsFolder;
        this.narrator = narrator;
    }

    public PerformanceResult run() throws Exception {
        Machine machine = Machine.current();
        narrator.intro(
                "More copies of each record and stronger acknowledgements make data safer, and each costs time: every",
                "copy is another broker's write, and acks=all waits for them. Measure how much on this machine",
                "(" + machine.describe() + "), compare with Kafka's own benchmark tools, and see which producer",
                "settings buy the throughput back.");
        Workload baseline = Workload.baseline(scale.records());
        try (Bench bench = new Bench(bootstrapServers, narrator)) {
            DurabilityStep durability = new DurabilityStep(bench, baseline);
            narrator.step("throughput: replication factor 1 and 3, acks 0, 1 and all, as fast as the producer can send");
            warmUp(bench, baseline);
            List<Bench.Compared> flood = durability.throughput();
            TuningStep tuning = new TuningStep(bench, baseline);
            narrator.step("batching: batch.size from 1 KiB to 256 KiB, acks=1 and acks=all");
            List<TuningStep.BatchPoint> batching = tuning.batching();
            narrator.step("compression: none, lz4, zstd");
            List<TuningStep.Compression> compression = tuning.compression();
            narrator.step("the shape of the data: record size and partitions");
            Throughput baselineRun = flood.stream().filter(c -> c.workload().name().equals(baseline.name())).findFirst()
                    .orElseThrow().ours();
            TuningStep.Shape shape = tuning.shape(baselineRun);
            narrator.step("latency at a steady rate: the round trip without a queue");
            List<Bench.Steady> steady = durability.latency(scale.steadyRecords(), scale.steadyRate());
            narrator.step("reading: one consumer, ours beside kafka-consumer-perf-test");
            PerformanceResult.Reading reading = read(bench, baseline);
            bench.delete(flood.stream().map(Bench.Compared::workload).toList());
            List<Path> charts = Charts.write(chartsFolder, machine, batching, steady);
            narrator.say("charts", "%s", String.join(", ", charts.stream().map(p -> p.getFileName().toString()).toList()));
            narrator.say("charts", "in %s", shown(chartsFolder));
            return new PerformanceResult(machine, flood, steady, batching, compression, shape, reading, charts);
        }
    }

    /** {@code folder} relative to the working directory when it lies below it (as from ./lessons: code/19-performance/charts). */
    private static Path shown(Path folder) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
    }

    /** The JVM compiles the client's hot code while it runs: one unmeasured run first, so the first measured one is not slower. */
    private void warmUp(Bench bench, Workload baseline) throws Exception {
        Workload warmUp = baseline.warmUp();
        narrator.say("producer", "warming up: %,d records first, not measured (the JVM compiles the client's code as it runs)",
                warmUp.records());
        bench.ours(warmUp);
        bench.delete(List.of(warmUp));
    }

    private PerformanceResult.Reading read(Bench bench, Workload baseline) {
        PerformanceResult.Reading reading = bench.reading(baseline);
        narrator.say("consumer", "%,d records of the last %s topic, best of 3: ours %,.0f records/s, kafka-consumer-perf-test %,.0f"
                + " (ratio %.2f)", baseline.records(), baseline.durabilityLabel(), reading.ours(), reading.theirs(), reading.ratio());
        narrator.notice("one consumer reads these records many times faster than acks=all wrote them: it fetches whole");
        narrator.notice("batches as they lie in the log (here still in the page cache), and nothing waits for followers.");
        return reading;
    }
}
