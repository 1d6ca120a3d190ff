package io.kafkalessons.lesson16;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;
import io.kafkalessons.sandbox.lesson.UsageException;

/**
 * Lesson 16 from the command line: {@code ./lessons 16}, or {@code ./lessons 16 --bootstrap-server host:9092}.
 * The Streams application's instances are processes this lesson starts and kills, on any cluster.
 */
public final class StreamsMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(16, "streams",
            "Kafka Streams: state, windows, joins, a crash under each guarantee, failover with standbys",
            // One broker is enough: the lesson is about the application's state, not about replication.
            Needs.kafka(1), 51);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public StreamsResult run(LessonContext context) throws Exception {
        if (!context.clientConfig().isEmpty()) {
            throw new UsageException("lesson 16 passes no TLS or SASL settings to its application's processes; "
                    + "--command-config is not supported by this lesson");
        }
        return new StreamsLesson(context.requireBootstrapServers(), context.narrator()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new StreamsMain(), args);
    }
}
