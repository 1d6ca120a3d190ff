package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.Narrator;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps 1 and 5: what more copies and stronger acks cost. As fast as the producer can send
 * (throughput, ours beside kafka-producer-perf-test), and at a steady rate well below that, where
 * latency is the round trip itself and not time spent queueing in the producer.
 */
final class DurabilityStep {

    /** The settings both steps compare, from least to most durable. */
    static List<Workload> settings(Workload baseline) {
        return List.of(baseline.durability(1, "1"), baseline.durability(3, "0"), baseline.durability(3, "1"),
                baseline.durability(3, "all"));
    }

    private final Bench bench;
    private final Workload baseline;

    DurabilityStep(Bench bench, Workload baseline) {
        this.bench = bench;
        this.baseline = baseline;
    }

    List<Bench.Compared> throughput() throws Exception {
        Narrator narrator = bench.narrator();
        narrator.say("bench", "%,d records of %d bytes per run, batch.size=%d KiB, linger.ms=%d, %d partitions; each setting 4 times:",
                baseline.records(), baseline.recordSize(), baseline.batchSize() / 1024, baseline.lingerMs(), baseline.partitions());
        narrator.say("bench", "ours, kafka-producer-perf-test (Kafka's own), it again, ours again, each on a fresh topic;");
        narrator.say("bench", "the best of each counts");
        narrator.say("bench", "%-16s %12s %7s %8s %8s %9s %16s %8s", "setting", "records/s", "MiB/s", "p50 ms", "p99 ms",
                "p99.9 ms", "perf-test rec/s", "ratio");
        List<Bench.Compared> runs = new ArrayList<>();
        for (Workload w : settings(baseline)) {
            Bench.Compared c = bench.compare(w);
            Throughput t = c.ours();
            narrator.say("bench", "%-16s %,12.0f %7.1f %8.1f %8.1f %9.1f %,16.0f %8.2f", w.durabilityLabel(), t.recordsPerSecond(),
                    t.megabytesPerSecond(), t.latency().p50(), t.latency().p99(), t.latency().p999(),
                    c.theirs().recordsPerSecond(), c.ratio());
            runs.add(c);
        }
        narrator.notice("acks=all waits for the followers before it answers: far fewer records per second than acks=1 on");
        narrator.notice("the same three copies, where the followers copy after the leader has answered. The latencies here");
        narrator.notice("are mostly time queued in the producer's buffer (a flood always queues); step 5 measures without.");
        return runs;
    }

    List<Bench.Steady> latency(int records, int rate) throws Exception {
        Narrator narrator = bench.narrator();
        narrator.say("bench", "%,d records at a steady %,d per second, linger.ms=0, a consumer waiting at the end of the topic;",
                records, rate);
        narrator.say("bench", "one such run first, not measured (it warms the client up), then each setting:");
        narrator.say("bench", "%-16s %10s %10s %10s %14s %14s", "setting", "p50 ms", "p99 ms", "p99.9 ms", "end-to-end p50",
                "end-to-end p99");
        // A first run, not measured: the connections open and the steady-rate code paths get compiled.
        Workload warmUp = baseline.warmUp().steady(records, rate);
        bench.steady(warmUp);
        List<Bench.Steady> runs = new ArrayList<>();
        for (Workload w : settings(baseline)) {
            if (w.acks().equals("0")) {
                continue; // acks=0 is never answered: there is no latency to measure
            }
            Bench.Steady s = bench.steady(w.steady(records, rate));
            Throughput.Latency p = s.producer().latency();
            narrator.say("bench", "%-16s %10.2f %10.2f %10.2f %14.0f %14.0f", w.durabilityLabel(), p.p50(), p.p99(), p.p999(),
                    s.endToEnd().p50(), s.endToEnd().p99());
            runs.add(s);
        }
        narrator.notice("acks=all adds the followers' fetch to every write: its median is the slowest. A consumer sees a");
        narrator.notice("record only once every in-sync replica has it (the high watermark), whatever the acks.");
        List<Workload> done = new ArrayList<>(runs.stream().map(Bench.Steady::workload).toList());
        done.add(warmUp);
        bench.delete(done);
        return runs;
    }
}
