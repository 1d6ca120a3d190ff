package io.kafkalessons.lesson06;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/**
 * Lesson 6 from the command line: {@code ./lessons 6}, or {@code ./lessons 6 --bootstrap-server host:9092}.
 * Without an address it starts a 3-broker KRaft cluster on 127.0.0.1 and removes it afterwards.
 */
public final class KeysAndPartitionsMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(6, "keys-and-partitions",
            "Keys and partitions: where a record lands, and what keeps its order", Needs.kafka(3), 15);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public KeysAndPartitionsResult run(LessonContext context) throws Exception {
        return new KeysAndPartitionsLesson(context.requireBootstrapServers(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new KeysAndPartitionsMain(), args);
    }
}
