package io.kafkalessons.lesson05;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

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
    public CommitLogResult run(LessonContext context) throws Exception {
        return new CommitLogLesson(context.requireBootstrapServers(),
                context.kafkaSandbox().map(KafkaCluster::disks), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new CommitLogMain(), args);
    }
}
