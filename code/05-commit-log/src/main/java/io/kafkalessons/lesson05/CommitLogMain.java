package io.kafkalessons.lesson05;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/**
 * Lesson 5 from the command line: {@code ./lessons 5}, or {@code ./lessons 5 --bootstrap-server host:9092}.
 * Without an address it starts a 3-broker KRaft cluster on 127.0.0.1 and removes it afterwards.
 */
public final class CommitLogMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(5, "commit-log",
            "The commit log: partitions, offsets, and segment files on disk", Needs.kafka(3), 12);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(3, "segments of 2 MB (SEGMENT_BYTES = 1024 * 1024 * 2 in CommitLogLesson) instead of 1 MB");
    }

    @Override
    public CommitLogResult run(LessonContext context) throws Exception {
        int segmentBytes = context.tryThis() == 3 ? 2 * CommitLogLesson.SEGMENT_BYTES : CommitLogLesson.SEGMENT_BYTES;
        return new CommitLogLesson(context.requireBootstrapServers(),
                context.kafkaSandbox().map(KafkaCluster::disks), context.narrator(), segmentBytes).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new CommitLogMain(), args);
    }
}
