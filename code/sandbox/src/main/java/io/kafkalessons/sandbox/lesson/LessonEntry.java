package io.kafkalessons.sandbox.lesson;

/**
 * A runnable lesson, found by the runner through {@link java.util.ServiceLoader}. Each lesson's
 * main class implements it and lists itself in
 * {@code META-INF/services/io.kafkalessons.sandbox.lesson.LessonEntry}.
 */
public interface LessonEntry {

    LessonInfo info();

    /** Runs the lesson against the context's cluster and returns its result. */
    LessonResult run(LessonContext context) throws Exception;
}
