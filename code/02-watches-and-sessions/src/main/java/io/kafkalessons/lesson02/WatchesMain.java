package io.kafkalessons.lesson02;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/**
 * Lesson 2 from the command line: {@code ./lessons 2}, or {@code ./lessons 2 --zookeeper host:2181}
 * (then only the watches: the session part freezes a server, which needs the sandbox).
 */
public final class WatchesMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(2, "watches-and-sessions",
            "Watches and sessions: being told about changes, and what a lost connection costs", Needs.zookeeper(3), 38);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public WatchesResult run(LessonContext context) throws Exception {
        return new WatchesLesson(context.requireZookeeper(), context.faults(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new WatchesMain(), args);
    }
}
