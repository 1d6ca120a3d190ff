package io.kafkalessons.lesson23;

import io.kafkalessons.lesson23.Log.Entry;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Delete retention, by time and by size: the broker removes whole segments from the start of the
 * log, and never the one it is writing to unless every record in it has expired too.
 */
final class RetentionStep {

    static final String TIME_TOPIC = "lesson23-time";
    static final String SIZE_TOPIC = "lesson23-size";
    /** One segment, all of it 4 days old: the one being written to, and expired. */
    static final String EXPIRED_TOPIC = "lesson23-expired";
    static final Duration RETENTION = Duration.ofDays(2);
    /**
     * A segment holds at most half an hour of timestamps (segment.ms): each batch below, an hour or more
     * after the first record of the segment before, starts a new one.
     */
    static final Duration SEGMENT = Duration.ofMinutes(30);
    static final int RECORDS_PER_BATCH = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Log log;
    private final Instant now;

    RetentionStep(Log log, Instant now) {
        this.log = log;
        this.now = now;
    }

    /** Four batches stamped 4, 3 and 1 day ago and now; then retention.ms becomes 2 days. */
    RetentionResult.Time byTime() throws Exception {
        Narrator narrator = log.narrator();
        log.createKeepingAll(TIME_TOPIC, SEGMENT);
        List<Duration> ages = List.of(Duration.ofDays(4), Duration.ofDays(3), Duration.ofDays(1), Duration.ZERO);
        log.write(TIME_TOPIC, ages.stream().map(age -> batch(now.minus(age), 100)).toList());
        Part<List<SegmentFiles.Segment>> before = log.segments(TIME_TOPIC);
        narrator.say("kafka", "%s: 4 batches of %d records stamped 4 d, 3 d, 1 d ago and now: %s", TIME_TOPIC,
                RECORDS_PER_BATCH, describe(before));
        show(before);
        log.alter(TIME_TOPIC, Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())));
        narrator.say("admin", "retention.ms=%d (2 days) on %s", RETENTION.toMillis(), TIME_TOPIC);
        log.awaitLogStart(TIME_TOPIC, 2L * RECORDS_PER_BATCH, TIMEOUT);
        Part<List<SegmentFiles.Segment>> after = awaitFiles(TIME_TOPIC, 2);
        long logStart = log.logStart(TIME_TOPIC);
        narrator.say("kafka", "log start offset now %d, %d records readable: %s", logStart, log.read(TIME_TOPIC).size(),
                describe(after));
        show(after);
        narrator.notice("the two segments whose newest record is older than 2 days are gone, whole; nothing else.");
        return new RetentionResult.Time(before, after, logStart, log.logEnd(TIME_TOPIC), expired());
    }

    /** A topic whose only segment, the active one, expires: Kafka rolls a new, empty one and deletes the old. */
    private RetentionResult.Expired expired() throws Exception {
        log.createKeepingAll(EXPIRED_TOPIC, SEGMENT);
        log.write(EXPIRED_TOPIC, List.of(batch(now.minus(Duration.ofDays(4)), 100)));
        log.alter(EXPIRED_TOPIC, Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())));
        log.awaitLogStart(EXPIRED_TOPIC, RECORDS_PER_BATCH, TIMEOUT);
        Part<List<SegmentFiles.Segment>> files = awaitFiles(EXPIRED_TOPIC, 1);
        long end = log.logEnd(EXPIRED_TOPIC);
        log.narrator().say("kafka", "%s: its one segment held 10 records, all 4 days old; now log start = log end = %d: %s",
                EXPIRED_TOPIC, end, describe(files));
        show(files);
        log.narrator().notice("when every record has expired, the segment being written goes too: Kafka rolls a new,");
        log.narrator().notice("empty one first. Offsets go on from 10; the topic is empty, not reset.");
        return new RetentionResult.Expired(log.logStart(EXPIRED_TOPIC), end, files);
    }

    /** Five equal segments stamped 5 to 1 hours ago; then retention.bytes becomes two and a half of them. */
    RetentionResult.Size bySize() throws Exception {
        Narrator narrator = log.narrator();
        log.createKeepingAll(SIZE_TOPIC, SEGMENT);
        List<List<Entry>> batches = new ArrayList<>();
        for (int hours = 5; hours >= 1; hours--) {
            batches.add(batch(now.minus(Duration.ofHours(hours)), 100));
        }
        log.write(SIZE_TOPIC, batches);
        long total = log.size(SIZE_TOPIC);
        long segment = total / batches.size();
        long retention = segment * 5 / 2;
        narrator.say("kafka", "%s: 5 segments of %d bytes, %d bytes in all: %s", SIZE_TOPIC, segment, total,
                describe(log.segments(SIZE_TOPIC)));
        log.alter(SIZE_TOPIC, Map.of(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(retention)));
        narrator.say("admin", "retention.bytes=%d (two and a half segments) on %s", retention, SIZE_TOPIC);
        log.awaitLogStart(SIZE_TOPIC, 2L * RECORDS_PER_BATCH, TIMEOUT);
        Part<List<SegmentFiles.Segment>> after = awaitFiles(SIZE_TOPIC, 3);
        long size = log.size(SIZE_TOPIC);
        narrator.say("kafka", "log start offset now %d, %d bytes left: %s", log.logStart(SIZE_TOPIC), size, describe(after));
        narrator.notice("the oldest segments go while what is left stays at or above retention.bytes: 3 segments");
        narrator.notice("(%d bytes) remain, not 2 (%d, below the limit). The partition never shrinks below it.",
                size, size - segment);
        return new RetentionResult.Size(segment, retention, total, size, log.logStart(SIZE_TOPIC), after);
    }

    /** {@code count} records at one timestamp, keys k0..k9, values of {@code valueBytes} characters. */
    static List<Entry> batch(Instant stamp, int valueBytes) {
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            batch.add(new Entry("k" + i, "v".repeat(valueBytes), stamp.toEpochMilli()));
        }
        return batch;
    }

    /** Once the deleted segments' files are renamed ({@code .deleted}), the folder shows what is left. */
    private Part<List<SegmentFiles.Segment>> awaitFiles(String topic, int left) throws Exception {
        if (log.disks().isEmpty()) {
            return log.segments(topic);
        }
        io.kafkalessons.sandbox.Poll.until(TIMEOUT, Duration.ofMillis(100), () -> log.segments(topic).value().size() == left,
                () -> topic + ": the folder did not come down to " + left + " segment files");
        return log.segments(topic);
    }

    static String describe(Part<List<SegmentFiles.Segment>> segments) {
        return segments instanceof Part.Ran<List<SegmentFiles.Segment>> ran
                ? ran.value().size() + (ran.value().size() == 1 ? " segment file" : " segment files")
                : "segment files not visible (" + ((Part.Skipped<List<SegmentFiles.Segment>>) segments).reason() + ")";
    }

    private void show(Part<List<SegmentFiles.Segment>> segments) {
        if (segments instanceof Part.Ran<List<SegmentFiles.Segment>> ran) {
            ran.value().forEach(s -> log.narrator().say("disk", "    %s", s));
        }
    }
}
