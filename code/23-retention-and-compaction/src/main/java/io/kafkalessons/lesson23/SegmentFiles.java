package io.kafkalessons.lesson23;

import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a partition's folder the way {@code kafka-dump-log} does (with the record classes Kafka itself reads its
 * files with, internal to kafka-clients): each segment's base offset, bytes and records.
 */
final class SegmentFiles {

    /**
     * One {@code .log} file. {@code baseOffset} is its name, the offset of its first record when it
     * was written; {@code offsets} are the records it holds now (compaction leaves gaps).
     */
    record Segment(long baseOffset, long bytes, List<Long> offsets) {
        @Override
        public String toString() {
            return String.format("%020d.log %,d bytes, offsets %s", baseOffset, bytes, ranges(offsets));
        }
    }

    private SegmentFiles() {
    }

    static List<Segment> list(Path partitionDir) {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(partitionDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                segments.add(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + partitionDir, e);
        }
        return segments;
    }

    private static Segment read(Path file) {
        String name = file.getFileName().toString();
        List<Long> offsets = new ArrayList<>();
        try (FileRecords records = FileRecords.open(file.toFile(), false)) {
            for (RecordBatch batch : records.batches()) {
                if (batch.isControlBatch()) {
                    continue;
                }
                for (Record record : batch) {
                    offsets.add(record.offset());
                }
            }
            return new Segment(Long.parseLong(name.substring(0, name.indexOf('.'))), Files.size(file), List.copyOf(offsets));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code [0-9, 12, 14-15]}: offsets as runs, so gaps left by compaction show. */
    static String ranges(List<Long> offsets) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < offsets.size(); ) {
            int j = i;
            while (j + 1 < offsets.size() && offsets.get(j + 1) == offsets.get(j) + 1) {
                j++;
            }
            runs.add(i == j ? Long.toString(offsets.get(i)) : offsets.get(i) + "-" + offsets.get(j));
            i = j + 1;
        }
        return "[" + String.join(", ", runs) + "]";
    }
}
