package io.kafkalessons.lesson11;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/**
 * Lesson 11 from the command line: {@code ./lessons 11}, or {@code ./lessons 11 --bootstrap-server host:9092}.
 * Without an address it starts a 3-broker KRaft cluster on 127.0.0.1 and removes it afterwards.
 */
public final class DeliverySemanticsMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(11, "delivery-semantics",
            "Delivery semantics: at-most-once, at-least-once and exactly-once, with crashes on purpose",
            Needs.kafka(3), 20);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(2, "each processor crashes before it handles any record of its batch (HANDLED_BEFORE_CRASH = 0)");
    }

    @Override
    public DeliverySemanticsResult run(LessonContext context) throws Exception {
        int handled = context.tryThis() == 2 ? 0 : DeliverySemanticsLesson.HANDLED_BEFORE_CRASH;
        return new DeliverySemanticsLesson(context.requireBootstrapServers(), context.narrator(), handled).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new DeliverySemanticsMain(), args);
    }
}
