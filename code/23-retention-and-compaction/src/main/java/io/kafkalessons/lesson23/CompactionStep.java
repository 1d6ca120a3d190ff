package io.kafkalessons.lesson23;

import io.kafkalessons.lesson23.Log.Entry;
import io.kafkalessons.lesson23.Log.Read;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compaction keeps the last value of each key and drops the older ones, but only in closed segments
 * old enough ({@code min.compaction.lag.ms}); a tombstone (null value) stays for
 * {@code delete.retention.ms} so consumers can see the delete. With {@code compact,delete}, time
 * retention removes old segments on top, last values included.
 */
final class CompactionStep {

    static final String TOPIC = "lesson23-compact";
    static final String BOTH_TOPIC = "lesson23-compact-delete";
    static final Duration LAG = Duration.ofHours(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Log log;
    private final Instant now;

    CompactionStep(Log log, Instant now) {
        this.log = log;
        this.now = now;
    }

    /** Eight records in four segments (4 h, 3 h, 1 h ago, now); compacted with a 2 h lag, then with none. */
    RetentionResult.Compaction run() throws Exception {
        Narrator narrator = log.narrator();
        log.createKeepingAll(TOPIC, RetentionStep.SEGMENT);
        log.write(TOPIC, List.of(
                List.of(entry("k1", "v1", 4), entry("k2", "v1", 4), entry("k3", "v1", 4)),
                List.of(entry("k1", "v2", 3), entry("k3", null, 3)),
                List.of(entry("k1", "v3", 1), entry("k2", "v2", 1)),
                List.of(entry("k1", "v4", 0))));
        List<Read> before = log.read(TOPIC);
        narrator.say("kafka", "%s: %s", TOPIC, show(before));
        // tag::compact[]
        log.alter(TOPIC, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                // Clean as soon as 1% of the log is superseded (default 50%), so the cleaner starts at once.
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                // Leave every record younger than 2 hours alone, superseded or not.
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(LAG.toMillis())));
        // end::compact[]
        narrator.say("admin", "cleanup.policy=compact, min.compaction.lag.ms=%d (2 h) on %s", LAG.toMillis(), TOPIC);
        List<Read> withLag = log.awaitRead(TOPIC, r -> Log.offsets(r).equals(List.of(1L, 3L, 4L, 5L, 6L, 7L)), TIMEOUT,
                "the log cleaner did not compact the segments older than 2 h");
        narrator.say("cleaner", "%s", show(withLag));
        narrator.notice("only the two segments older than the lag were compacted: k1=v1 and k3=v1 are gone; k1=v3");
        narrator.notice("and k2=v2 (1 h old) and the active segment's k1=v4 are untouched.");
        log.alter(TOPIC, Map.of(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"));
        narrator.say("admin", "min.compaction.lag.ms=0 on %s", TOPIC);
        List<Read> withoutLag = log.awaitRead(TOPIC, r -> Log.offsets(r).equals(List.of(4L, 5L, 6L, 7L)), TIMEOUT,
                "the log cleaner did not compact the third segment");
        narrator.say("cleaner", "%s", show(withoutLag));
        var files = log.segments(TOPIC);
        if (files.ran()) {
            files.value().forEach(s -> narrator.say("disk", "    %s", s));
        }
        narrator.notice("closed segments keep one record per key, at its old offset; the active segment is never");
        narrator.notice("cleaned, so k1 is there twice (v3 closed, v4 active). The tombstone k3=null stays for");
        narrator.notice("delete.retention.ms (1 day by default): a consumer that reads within that time sees the delete.");
        return new RetentionResult.Compaction(Log.offsets(before), Log.offsets(withLag), Log.offsets(withoutLag),
                latest(withoutLag), files);
    }

    /** Two records 4 days old, one an hour old, one now; then compact plus 2 days of retention. */
    RetentionResult.CompactDelete compactAndDelete() throws Exception {
        Narrator narrator = log.narrator();
        log.createKeepingAll(BOTH_TOPIC, RetentionStep.SEGMENT);
        log.write(BOTH_TOPIC, List.of(
                List.of(entry("k1", "old", 96), entry("k9", "only", 96)),
                List.of(entry("k1", "new", 1)),
                List.of(entry("k2", "now", 0))));
        narrator.say("kafka", "%s: %s", BOTH_TOPIC, show(log.read(BOTH_TOPIC)));
        log.alter(BOTH_TOPIC, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RetentionStep.RETENTION.toMillis()),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                // Without it the cleaner may merge the 4-day-old segment with the 1-hour-old one; the merged
                // segment's newest record is an hour old, and time retention would then keep k9 (seen here).
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(LAG.toMillis())));
        narrator.say("admin", "cleanup.policy=compact,delete, retention.ms=%d (2 days), min.compaction.lag.ms=%d on %s",
                RetentionStep.RETENTION.toMillis(), LAG.toMillis(), BOTH_TOPIC);
        List<Read> after = log.awaitRead(BOTH_TOPIC, r -> Log.offsets(r).equals(List.of(2L, 3L)), TIMEOUT,
                "retention did not remove the 4-day-old segment");
        narrator.say("kafka", "%s; log start offset %d", show(after), log.logStart(BOTH_TOPIC));
        narrator.notice("k9's only value was in the 4-day-old segment: retention removed it although compaction");
        narrator.notice("alone would have kept it forever. compact,delete is a table that also forgets old keys.");
        return new RetentionResult.CompactDelete(Log.offsets(after), log.logStart(BOTH_TOPIC),
                after.stream().noneMatch(r -> r.key().equals("k9")));
    }

    private Entry entry(String key, String value, int hoursAgo) {
        return new Entry(key, value, now.minus(Duration.ofHours(hoursAgo)).toEpochMilli());
    }

    /** {@code 0:k1=v1 1:k2=v1 ...}: what a consumer reads. */
    static String show(List<Read> reads) {
        List<String> parts = new ArrayList<>();
        reads.forEach(r -> parts.add(r.offset() + ":" + r.key() + "=" + r.value()));
        return reads.size() + " records " + String.join(" ", parts);
    }

    private static Map<String, String> latest(List<Read> reads) {
        Map<String, String> latest = new LinkedHashMap<>();
        reads.forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }
}
