package io.kafkalessons.lesson21;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/** Lesson 21 from the command line: {@code ./lessons 21}, or {@code ./lessons 21 --bootstrap-server host:9092}. */
public final class ShareGroupsMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(21, "share-groups",
            "Share groups: queues in Kafka, acknowledgements, lock timeouts and a delivery limit",
            Needs.kafka(1, b -> b
                    // A share group may hold a record lock for 1 s or more (default at least 15 s): locks run out quickly.
                    .config("group.share.min.record.lock.duration.ms", "1000")
                    // Members heartbeat every 0.5 s (default 5 s), so they join and get partitions within a second.
                    .config("group.share.min.heartbeat.interval.ms", "500")
                    .config("group.share.heartbeat.interval.ms", "500")), 20);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public ShareGroupsResult run(LessonContext context) throws Exception {
        return new ShareGroupsLesson(context.requireBootstrapServers(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ShareGroupsMain(), args);
    }
}
