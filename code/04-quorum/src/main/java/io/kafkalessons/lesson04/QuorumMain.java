package io.kafkalessons.lesson04;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/**
 * Lesson 4 from the command line: {@code ./lessons 4}. It kills servers, so it needs ensembles it
 * started itself (3 servers, then 4, 5, and 3 with 2 observers); with {@code --zookeeper} it only
 * checks that the given ensemble takes writes.
 */
public final class QuorumMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(4, "quorum",
            "Quorums: how many ZooKeeper servers can fail, and why 4 is no better than 3", Needs.zookeeper(3), 32);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public QuorumResult run(LessonContext context) throws Exception {
        return new QuorumLesson(context.requireZookeeper(), context.faults(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new QuorumMain(), args);
    }
}
