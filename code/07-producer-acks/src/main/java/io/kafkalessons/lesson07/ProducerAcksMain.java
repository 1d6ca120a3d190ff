package io.kafkalessons.lesson07;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/**
 * Lesson 7 from the command line: {@code ./lessons 7}, or {@code ./lessons 7 --bootstrap-server host:9092}
 * (then only the parts that need no broker to be killed). Without an address it starts 3 brokers
 * and a separate controller, so that pausing brokers never touches the controller quorum.
 */
public final class ProducerAcksMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(7, "producer-acks",
            "Producer acks: what acks=0, 1 and all really guarantee when a leader dies",
            Needs.kafka(3, b -> b.controllers(1, KafkaCluster.ControllerPlacement.DEDICATED)), 44);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(2, "the crash step's acks=all producer gives up on a record after 3 s (AcksLab.impatientProducer)");
    }

    @Override
    public ProducerAcksResult run(LessonContext context) throws Exception {
        return new ProducerAcksLesson(context.requireBootstrapServers(), context.faults(), context.narrator(),
                context.tryThis() == 2).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ProducerAcksMain(), args);
    }
}
