package io.kafkalessons.lesson12;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/**
 * Lesson 12 from the command line: {@code ./lessons 12}, or {@code ./lessons 12 --zookeeper host:2181}.
 * Either way the lesson starts its own three Kafka 3.9 brokers on this machine; on an ensemble it
 * did not start, they keep their znodes below {@value KafkaOnZooKeeperLesson#CHROOT}.
 */
public final class KafkaOnZooKeeperMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(12, "kafka-on-zookeeper",
            "Kafka on ZooKeeper: what Kafka 3.9 kept in znodes, and how the controller moved", Needs.zookeeper(3), 20);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public KafkaOnZooKeeperResult run(LessonContext context) throws Exception {
        return new KafkaOnZooKeeperLesson(context.requireZookeeper(),
                context.zookeeperSandbox().isPresent() ? "" : KafkaOnZooKeeperLesson.CHROOT, context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new KafkaOnZooKeeperMain(), args);
    }
}
