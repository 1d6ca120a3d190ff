package io.kafkalessons.lesson01;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/**
 * Lesson 1 from the command line: {@code ./lessons 1}, or {@code ./lessons 1 --zookeeper host:2181}.
 * Without an address it starts a 3-server ensemble on 127.0.0.1 and removes it afterwards.
 */
public final class ZnodesMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(1, "znodes",
            "Znodes: ZooKeeper's tree of small, versioned records", Needs.zookeeper(3), 7);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(3, "the slow writer passes version -1 (any version) instead of the stale version it read");
    }

    @Override
    public ZnodesResult run(LessonContext context) throws Exception {
        return new ZnodesLesson(context.requireZookeeper(), context.narrator(), context.tryThis() == 3).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ZnodesMain(), args);
    }
}
