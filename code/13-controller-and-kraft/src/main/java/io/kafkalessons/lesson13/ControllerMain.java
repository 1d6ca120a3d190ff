package io.kafkalessons.lesson13;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/**
 * Lesson 13 from the command line: {@code ./lessons 13}, or {@code ./lessons 13 --bootstrap-server host:9092}
 * (then only the parts that need no node to be killed). Without an address it starts 2 brokers and
 * 3 separate controllers, so that killing a controller never takes a broker with it.
 */
public final class ControllerMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(13, "controller-and-kraft",
            "The controller and KRaft: one active controller, its quorum, failover and tolerance",
            Needs.kafka(2, b -> b.controllers(3, KafkaCluster.ControllerPlacement.DEDICATED)), 31);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public ControllerResult run(LessonContext context) throws Exception {
        return new ControllerLesson(context.requireBootstrapServers(), context.faults(),
                context.kafkaSandbox().map(KafkaCluster::disks), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ControllerMain(), args);
    }
}
