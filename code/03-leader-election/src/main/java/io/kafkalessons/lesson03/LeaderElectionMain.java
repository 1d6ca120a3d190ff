package io.kafkalessons.lesson03;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/**
 * Lesson 3 from the command line: {@code ./lessons 3}, or {@code ./lessons 3 --zookeeper host:2181}.
 * Without an address it starts a 3-server ensemble on 127.0.0.1 and removes it afterwards.
 */
public final class LeaderElectionMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(3, "leader-election",
            "Leader election: the recipe, Curator's latch, and why a leader must stop when its session ends",
            Needs.zookeeper(3), 25);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(1, "the recipe's candidates watch the parent znode instead of their predecessor");
    }

    @Override
    public LeaderElectionResult run(LessonContext context) throws Exception {
        return new LeaderElectionLesson(context.requireZookeeper(), context.narrator(), context.tryThis() == 1).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new LeaderElectionMain(), args);
    }
}
