package io.kafkalessons.lesson23;

import io.kafkalessons.sandbox.BrokerDisks;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;

import java.time.Instant;
import java.util.Optional;

/**
 * Lesson 23: how long Kafka keeps records. Delete retention by time and by size, compaction (the
 * last value per key), its lag and tombstones, and both together, each on a one-partition topic
 * whose records carry chosen timestamps; on the sandbox the lesson also lists the segment files.
 */
public final class RetentionLesson {

    /** Retention is checked every this many ms on the sandbox; on a cluster that checks less often, steps 1 and 2 skip. */
    static final long CHECK_INTERVAL_LIMIT_MS = 10_000;

    private final Log log;

    public RetentionLesson(String bootstrapServers, Optional<BrokerDisks> disks, Narrator narrator) {
        this.log = new Log(bootstrapServers, disks, narrator);
    }

    public RetentionResult run() throws Exception {
        Narrator narrator = log.narrator();
        narrator.intro(
                "A topic does not keep records forever unless told to. Retention deletes old records by time or size,",
                "compaction keeps only the newest value of each key. Both work on whole segment files, and compaction",
                "never touches the segment being written. Watch which records each removes, and which it leaves.");
        Instant now = Instant.now();
        long interval = Long.parseLong(log.brokerSetting("log.retention.check.interval.ms"));
        RetentionStep retention = new RetentionStep(log, now);
        String reason = "this cluster checks retention every " + interval / 1000 + " s (log.retention.check.interval.ms);"
                + " the sandbox checks every second";
        Part<RetentionResult.Time> time = interval <= CHECK_INTERVAL_LIMIT_MS
                ? stepRan("retention by time: retention.ms", retention::byTime) : narrator.skipStep("retention by time", reason);
        Part<RetentionResult.Size> size = interval <= CHECK_INTERVAL_LIMIT_MS
                ? stepRan("retention by size: retention.bytes", retention::bySize) : narrator.skipStep("retention by size", reason);
        CompactionStep compaction = new CompactionStep(log, now);
        narrator.step("compaction: the last value of each key, a lag, a tombstone");
        RetentionResult.Compaction compacted = compaction.run();
        narrator.step("compact and delete together");
        RetentionResult.CompactDelete both = compaction.compactAndDelete();
        return new RetentionResult(time, size, compacted, both);
    }

    /** A step that returns what it saw. */
    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> Part<T> stepRan(String title, Step<T> step) throws Exception {
        log.narrator().step(title);
        return Part.ran(step.run());
    }
}
