package io.kafkalessons.lesson05;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What lesson 5 observed.
 *
 * @param recordsPerPartition   records written to each partition in the first batch
 * @param offsetsRead           per partition, the offsets a consumer read from the beginning, in order
 * @param reReadPartition       the partition the consumer rewound
 * @param reReadFrom            the offset it rewound to
 * @param firstRead             values at and after that offset, as first read
 * @param reRead                the same offsets read again after the seek
 * @param bytesAfterFirstBatch  partition 0's size as its leader reports it (describeLogDirs), after batch 1
 * @param bytesAfterSecondBatch the same after batch 2
 * @param disk                  what the partition files on the leader's disk show; skipped when run against
 *                              a cluster whose disks this process cannot read
 */
public record CommitLogResult(Map<Integer, Integer> recordsPerPartition, Map<Integer, List<Long>> offsetsRead,
                              int reReadPartition, long reReadFrom, List<String> firstRead, List<String> reRead,
                              long bytesAfterFirstBatch, long bytesAfterSecondBatch, Part<DiskView> disk)
        implements LessonResult {

    /**
     * The files of the lesson's partitions on a leader's disk.
     *
     * @param partition0Files           file names in partition 0's folder after batch 1, sorted
     * @param logFileBytesAfterFirst    size of partition 0's active {@code .log} file after batch 1
     * @param logFileBytesAfterSecond   the same after batch 2
     * @param logFileHoldsEveryValue    every value written to partition 0 appears in its {@code .log} bytes
     * @param rolledPartitionSegments   {@code .log} files of the partition that received the bulk batch, sorted
     * @param activeIndexBytes          size of partition 0's {@code .index} file while its segment is active
     * @param closedIndexBytes          size of the rolled partition's first {@code .index} file once its segment closed
     */
    public record DiskView(List<String> partition0Files, long logFileBytesAfterFirst, long logFileBytesAfterSecond,
                           boolean logFileHoldsEveryValue, List<String> rolledPartitionSegments,
                           long activeIndexBytes, long closedIndexBytes) {
    }

    /** True when every partition's offsets run 0, 1, 2, ... without a gap. */
    public boolean offsetsContiguous() {
        return offsetsRead.values().stream().allMatch(offsets ->
                offsets.equals(LongStream.range(0, offsets.size()).boxed().toList()));
    }

    @Override
    public String summary() {
        String perPartition = recordsPerPartition.entrySet().stream()
                .map(e -> "p" + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        String disk = !this.disk.ran() ? " disk=skipped"
                : " logFileBytes=" + this.disk.value().logFileBytesAfterFirst() + "->" + this.disk.value().logFileBytesAfterSecond()
                + " segmentsAfterBulk=" + this.disk.value().rolledPartitionSegments().size();
        return "records=" + perPartition
                + " contiguousOffsets=" + offsetsContiguous()
                + " reReadFrom=" + reReadFrom + " reReadEqual=" + reRead.equals(firstRead)
                + " partitionBytes=" + bytesAfterFirstBatch + "->" + bytesAfterSecondBatch
                + disk;
    }

    @Override
    public boolean asExpected() {
        boolean diskOk = disk.okIfRan(d -> d.logFileHoldsEveryValue()
                && d.logFileBytesAfterSecond() > d.logFileBytesAfterFirst()
                && d.rolledPartitionSegments().size() >= 2);
        return offsetsContiguous()
                && !firstRead.isEmpty() && reRead.equals(firstRead)
                && bytesAfterSecondBatch > bytesAfterFirstBatch
                && diskOk;
    }
}
