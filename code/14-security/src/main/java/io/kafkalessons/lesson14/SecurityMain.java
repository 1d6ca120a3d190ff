package io.kafkalessons.lesson14;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/**
 * Lesson 14 from the command line: {@code ./lessons 14}, or against a secured cluster
 * {@code ./lessons 14 --bootstrap-server host:9094 --command-config admin.properties} (a super
 * user's settings; the lesson creates a user and ACLs there and removes them afterwards).
 * Without an address it starts two brokers with PLAINTEXT, SSL and SASL_SSL listeners, ACLs on.
 */
public final class SecurityMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(14, "security",
            "Security: TLS on the wire, SCRAM users, ACLs",
            // Two brokers, so that broker-to-broker traffic exists to be secured; one controller is enough here.
            Needs.kafka(2, b -> b.secured().controllers(1, KafkaCluster.ControllerPlacement.COMBINED)), 17);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(3, "the SCRAM user is created with " + ScramUserStep.TOO_MANY_ITERATIONS + " iterations instead of "
                + ScramUserStep.ITERATIONS + " (ITERATIONS in ScramUserStep)");
    }

    @Override
    public SecurityResult run(LessonContext context) throws Exception {
        int iterations = context.tryThis() == 3 ? ScramUserStep.TOO_MANY_ITERATIONS : ScramUserStep.ITERATIONS;
        return new SecurityLesson(context.requireBootstrapServers(), context.clientConfig(),
                context.kafkaSandbox().map(KafkaCluster::brokerLogs), context.narrator(), iterations).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new SecurityMain(), args);
    }
}
