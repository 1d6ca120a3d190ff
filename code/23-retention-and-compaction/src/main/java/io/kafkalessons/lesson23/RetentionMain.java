package io.kafkalessons.lesson23;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/** Lesson 23 from the command line: {@code ./lessons 23}, or {@code ./lessons 23 --bootstrap-server host:9092}. */
public final class RetentionMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(23, "retention-and-compaction",
            "Retention and compaction: which records Kafka deletes, and when",
            Needs.kafka(1, b -> b
                    // Check retention every second (default every 5 minutes), so deletions show within the lesson.
                    .config("log.retention.check.interval.ms", "1000")
                    // ... starting at once rather than 30 s after the broker starts (a setting Kafka keeps for tests).
                    .config("log.initial.task.delay.ms", "0")
                    // The log cleaner looks for work every 0.5 s when idle (default 15 s).
                    .config("log.cleaner.backoff.ms", "500")), 16);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public RetentionResult run(LessonContext context) throws Exception {
        return new RetentionLesson(context.requireBootstrapServers(), context.kafkaSandbox().map(KafkaCluster::disks),
                context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new RetentionMain(), args);
    }
}
