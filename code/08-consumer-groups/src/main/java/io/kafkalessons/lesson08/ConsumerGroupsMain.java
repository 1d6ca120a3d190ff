package io.kafkalessons.lesson08;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/**
 * Lesson 8 from the command line: {@code ./lessons 8}, or {@code ./lessons 8 --bootstrap-server host:9092}.
 * Without an address it starts a 3-broker KRaft cluster on 127.0.0.1 and removes it afterwards.
 */
public final class ConsumerGroupsMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(8, "consumer-groups",
            "Consumer groups: sharing partitions, committed offsets and lag", Needs.kafka(3), 27);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(3, "the failing auto-commit consumer gets at most " + ConsumerGroupsLesson.FAIL_AT + " records a poll instead of "
                + GroupReaders.AUTO_COMMIT_BATCH + " (AUTO_COMMIT_BATCH in GroupReaders)");
    }

    @Override
    public ConsumerGroupsResult run(LessonContext context) throws Exception {
        int batch = context.tryThis() == 3 ? ConsumerGroupsLesson.FAIL_AT : GroupReaders.AUTO_COMMIT_BATCH;
        return new ConsumerGroupsLesson(context.requireBootstrapServers(), context.narrator(), batch).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ConsumerGroupsMain(), args);
    }
}
