package io.kafkalessons.lesson22;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/**
 * Lesson 22 from the command line: {@code ./lessons 22}, or {@code ./lessons 22 --zookeeper host:2181}.
 * Either way the lesson starts its own Kafka 3.9 brokers and KRaft controller on this machine; on an
 * ensemble it did not start, they keep their znodes below {@value #CHROOT}, and ZooKeeper is not stopped.
 */
public final class MigrationMain implements LessonEntry {

    static final String CHROOT = "/kafka-lesson22";

    static final LessonInfo INFO = new LessonInfo(22, "zookeeper-to-kraft",
            "From ZooKeeper to KRaft: a Kafka 3.9 cluster migrated live, phase by phase, under acks=all traffic",
            Needs.zookeeper(1), 41);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public MigrationResult run(LessonContext context) throws Exception {
        return new MigrationLesson(context.requireZookeeper(), context.zookeeperSandbox().isPresent() ? "" : CHROOT,
                context.faults(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new MigrationMain(), args);
    }
}
