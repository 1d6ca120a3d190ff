package io.kafkalessons.lesson19;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.nio.file.Path;

/** Lesson 19 from the command line: {@code ./lessons 19}, or {@code ./lessons 19 --bootstrap-server host:9092}. */
public final class PerformanceMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(19, "performance",
            "The price of fault tolerance: throughput and latency, measured beside Kafka's own tools", Needs.kafka(3), 90);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public PerformanceResult run(LessonContext context) throws Exception {
        return new PerformanceLesson(context.requireBootstrapServers(), Scale.LESSON, chartsFolder(), context.narrator()).run();
    }

    /** Next to the lesson's README when run through ./lessons (so the README shows this machine's charts), else here. */
    static Path chartsFolder() {
        String root = System.getProperty("lessons.root");
        return root != null ? Path.of(root, "code", INFO.folder(), "charts") : Path.of("lesson19-charts");
    }

    public static void main(String[] args) {
        LessonLauncher.main(new PerformanceMain(), args);
    }
}
