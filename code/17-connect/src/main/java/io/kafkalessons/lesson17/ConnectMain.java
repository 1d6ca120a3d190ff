package io.kafkalessons.lesson17;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;
import io.kafkalessons.sandbox.lesson.UsageException;

/**
 * Lesson 17 from the command line: {@code ./lessons 17}, or {@code ./lessons 17 --bootstrap-server host:9092}.
 * The Connect workers are processes this lesson starts and kills, next to any cluster.
 */
public final class ConnectMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(17, "connect",
            "Kafka Connect: workers, the REST API, connectors, transforms, a worker killed under a task, dead letters",
            // One broker is enough: the lesson is about the workers, not about replication.
            Needs.kafka(1), 45);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public ConnectResult run(LessonContext context) throws Exception {
        if (!context.clientConfig().isEmpty()) {
            throw new UsageException("lesson 17 passes no TLS or SASL settings to its Connect workers; "
                    + "--command-config is not supported by this lesson");
        }
        return new ConnectLesson(context.requireBootstrapServers(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ConnectMain(), args);
    }
}
