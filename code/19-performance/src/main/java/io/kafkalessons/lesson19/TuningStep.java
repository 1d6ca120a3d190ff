package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.Narrator;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps 2 to 4: the producer settings that buy throughput back (batch size, compression) and
 * the shape of the data (record size, partitions), each one change from the baseline.
 */
final class TuningStep {

    /** batch.size values for the batching chart, in bytes: from nearly one record a batch to 256 KiB. */
    static final List<Integer> BATCH_SIZES = List.of(1024, 16 * 1024, 64 * 1024, 256 * 1024);
    static final List<String> BATCH_ACKS = List.of("1", "all");
    static final List<String> COMPRESSION = List.of("none", "lz4", "zstd");

    private final Bench bench;
    private final Workload baseline;

    TuningStep(Bench bench, Workload baseline) {
        this.bench = bench;
        this.baseline = baseline;
    }

    /** One point of the batching chart. */
    public record BatchPoint(String acks, int batchSize, double recordsPerSecond) {
    }

    /** One compression type: throughput, and the bytes one copy of the topic takes on disk. */
    public record Compression(String type, double recordsPerSecond, long bytesPerCopy) {
    }

    /** Records of 1,000 bytes instead of 100 (the same bytes in all), and 1 partition instead of 3. */
    public record Shape(Throughput largeRecords, int largeRecordSize, Throughput onePartition) {
    }

    List<BatchPoint> batching() throws Exception {
        Narrator narrator = bench.narrator();
        narrator.say("producer", "%-8s %s", "acks", String.join("", BATCH_SIZES.stream()
                .map(b -> String.format("%14s", "batch " + b / 1024 + " KiB")).toList()));
        List<BatchPoint> points = new ArrayList<>();
        for (String acks : BATCH_ACKS) {
            StringBuilder row = new StringBuilder();
            List<Workload> runs = new ArrayList<>();
            for (int size : BATCH_SIZES) {
                Workload w = baseline.durability(3, acks).batchSize(size);
                Throughput t = bench.ours(w);
                points.add(new BatchPoint(acks, size, t.recordsPerSecond()));
                row.append(String.format("%,14.0f", t.recordsPerSecond()));
                runs.add(w);
            }
            narrator.say("producer", "%-8s %s", acks, row);
            bench.delete(runs);
        }
        narrator.notice("(records per second) a 1 KiB batch holds fewer than ten records, and every batch costs a request");
        narrator.notice("to the leader (and with acks=all a wait for the followers); a large batch spreads that cost over");
        narrator.notice("hundreds. linger.ms=%d lets a batch fill a little before it is sent.", baseline.lingerMs());
        return points;
    }

    List<Compression> compression() throws Exception {
        Narrator narrator = bench.narrator();
        narrator.say("producer", "%-8s %12s %16s", "type", "records/s", "bytes on disk");
        List<Compression> runs = new ArrayList<>();
        List<Workload> done = new ArrayList<>();
        for (String type : COMPRESSION) {
            Workload w = baseline.compression(type);
            Throughput t = bench.ours(w);
            long bytes = bench.bytesPerCopy(w);
            narrator.say("producer", "%-8s %,12.0f %,16d", type, t.recordsPerSecond(), bytes);
            runs.add(new Compression(type, t.recordsPerSecond(), bytes));
            done.add(w);
        }
        bench.delete(done);
        narrator.notice("the producer compresses whole batches and the broker stores them as they are: fewer bytes to send,");
        narrator.notice("to copy to the followers and to keep. These values are random capital letters, about 4.7 bits of");
        narrator.notice("information in each 8-bit byte; real data with repeated field names compresses further.");
        return runs;
    }

    Shape shape(Throughput baselineRun) throws Exception {
        Narrator narrator = bench.narrator();
        Workload large = baseline.recordSize(1000);
        Throughput big = bench.ours(large);
        narrator.say("producer", "%,d records of %d bytes: %,.0f records/s, %.1f MiB/s (100 bytes: %,.0f records/s, %.1f MiB/s)",
                large.records(), large.recordSize(), big.recordsPerSecond(), big.megabytesPerSecond(),
                baselineRun.recordsPerSecond(), baselineRun.megabytesPerSecond());
        Workload single = baseline.partitions(1);
        Throughput one = bench.ours(single);
        narrator.say("producer", "1 partition: %,.0f records/s (%d partitions: %,.0f records/s)", one.recordsPerSecond(),
                baseline.partitions(), baselineRun.recordsPerSecond());
        bench.delete(List.of(large, single));
        narrator.notice("much of a record's cost is per record, not per byte: larger records move more bytes per second.");
        narrator.notice("A partition has one leader, so one partition puts every write on one broker; here all brokers");
        narrator.notice("share this machine's %d cores, so spreading the load buys less than on separate machines.",
                Machine.current().cores());
        return new Shape(big, large.recordSize(), one);
    }
}
