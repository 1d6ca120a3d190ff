package io.kafkalessons.lesson23;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.Map;

/**
 * What lesson 23 showed.
 *
 * @param time          retention.ms on four segments of different ages
 * @param size          retention.bytes on five equal segments
 * @param compaction    compaction with and without a lag, and a tombstone
 * @param compactDelete compaction and time retention together
 */
public record RetentionResult(Part<Time> time, Part<Size> size, Compaction compaction, CompactDelete compactDelete)
        implements LessonResult {

    /**
     * @param before   the segment files before retention.ms was set (on the sandbox)
     * @param after    the files once the broker applied it
     * @param logStart the first offset left
     * @param logEnd   the next offset to be written (unchanged by retention)
     * @param expired  a topic whose only segment expired
     */
    public record Time(Part<List<SegmentFiles.Segment>> before, Part<List<SegmentFiles.Segment>> after, long logStart,
                       long logEnd, Expired expired) {
    }

    /** @param logStart and @param logEnd after retention; @param files the folder then (one new, empty segment) */
    public record Expired(long logStart, long logEnd, Part<List<SegmentFiles.Segment>> files) {
    }

    /**
     * @param segmentBytes   the size of each of the five segments
     * @param retentionBytes the limit set: two and a half segments
     * @param bytesBefore    the partition's size before
     * @param bytesAfter     its size after
     * @param logStart       the first offset left
     */
    public record Size(long segmentBytes, long retentionBytes, long bytesBefore, long bytesAfter, long logStart,
                       Part<List<SegmentFiles.Segment>> after) {
    }

    /**
     * @param before     offsets a consumer read before compaction
     * @param withLag    after compaction with min.compaction.lag.ms = 2 h
     * @param withoutLag after compaction with no lag
     * @param latest     the value of each key read last (null: a tombstone)
     * @param files      the segment files at the end (on the sandbox)
     */
    public record Compaction(List<Long> before, List<Long> withLag, List<Long> withoutLag, Map<String, String> latest,
                             Part<List<SegmentFiles.Segment>> files) {
    }

    /** @param read offsets left; @param logStart the first offset; @param onlyValueGone k9's only value was removed */
    public record CompactDelete(List<Long> read, long logStart, boolean onlyValueGone) {
    }

    @Override
    public String summary() {
        return time.show("time", t -> "=start" + t.logStart() + ":end" + t.logEnd() + " expired=start"
                        + t.expired().logStart() + ":end" + t.expired().logEnd())
                + " " + size.show("size", s -> "=start" + s.logStart() + ":bytes" + s.bytesAfter() + ":limit" + s.retentionBytes())
                + " compact=" + compaction.before().size() + "->" + compaction.withLag().size() + "->"
                + compaction.withoutLag().size()
                + " tombstone=" + (compaction.latest().containsKey("k3") && compaction.latest().get("k3") == null ? "kept" : "gone")
                + " compact_delete=" + compactDelete.read().size() + ":start" + compactDelete.logStart();
    }

    @Override
    public boolean asExpected() {
        return time.okIfRan(t -> t.logStart() == 20 && t.logEnd() == 40 && t.expired().logStart() == t.expired().logEnd())
                && size.okIfRan(s -> s.logStart() == 20 && s.bytesAfter() >= s.retentionBytes())
                && compaction.withoutLag().equals(List.of(4L, 5L, 6L, 7L)) && compactDelete.onlyValueGone();
    }
}
