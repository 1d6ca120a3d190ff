package io.kafkalessons.lesson10;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

/**
 * Lesson 10 from the command line: {@code ./lessons 10}, or {@code ./lessons 10 --bootstrap-server host:9092}
 * (then only the parts that kill no broker). Without an address it starts five brokers that are
 * also the five controllers, the "five node cluster" of the last step.
 */
public final class ReplicationMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(10, "replication",
            "Replication: leaders, followers, the ISR and the high watermark; what survives a crash",
            Needs.kafka(5, b -> b.controllers(5, KafkaCluster.ControllerPlacement.COMBINED)
                    // Fence a silent broker after 3 s (the sandbox's usual 4 s): this lesson waits for that seven times.
                    .config("broker.session.timeout.ms", "3000")), 83);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public ReplicationResult run(LessonContext context) throws Exception {
        return new ReplicationLesson(context.requireBootstrapServers(), context.faults(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ReplicationMain(), args);
    }
}
