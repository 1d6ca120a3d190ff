package io.kafkalessons.sandbox.lesson;

import java.util.Map;

/**
 * A runnable lesson, found by the runner through {@link java.util.ServiceLoader}. Each lesson's
 * main class implements it and lists itself in
 * {@code META-INF/services/io.kafkalessons.sandbox.lesson.LessonEntry}.
 */
public interface LessonEntry {

    LessonInfo info();

    /** Runs the lesson against the context's cluster and returns its result. */
    LessonResult run(LessonContext context) throws Exception;

    /**
     * The README's "Try this" items the lesson can apply to itself, {@code ./lessons N --try K}: each
     * item's number and what it changes. The others are commands to type or edits to make.
     */
    default Map<Integer, String> tries() {
        return Map.of();
    }
}
