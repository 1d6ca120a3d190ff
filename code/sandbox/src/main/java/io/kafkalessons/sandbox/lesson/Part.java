package io.kafkalessons.sandbox.lesson;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One part of a lesson's result: what a step observed, or why the step could not run (for example
 * a step that kills brokers, on a cluster the lesson does not own). Never null.
 *
 * @param <T> what the step observed
 */
public sealed interface Part<T> {

    /** The step ran and observed {@code value}. */
    record Ran<T>(T value) implements Part<T> {
    }

    /** The step did not run, for {@code reason}. */
    record Skipped<T>(String reason) implements Part<T> {
    }

    static <T> Part<T> ran(T value) {
        return new Ran<>(value);
    }

    static <T> Part<T> skipped(String reason) {
        return new Skipped<>(reason);
    }

    /** What the step observed; a test of a step that was skipped fails here, naming the reason. */
    default T value() {
        if (this instanceof Ran<T> ran) {
            return ran.value();
        }
        throw new IllegalStateException("this step was skipped: " + ((Skipped<T>) this).reason());
    }

    default boolean ran() {
        return this instanceof Ran;
    }

    /**
     * For the RESULT line: {@code key} followed by {@code text} of the value ({@code " unclean" + ":acked=10"}),
     * or {@code key=skipped} when the step did not run.
     */
    default String show(String key, Function<T, String> text) {
        return key + (this instanceof Ran<T> ran ? text.apply(ran.value()) : "=skipped");
    }

    /** For {@code asExpected()}: a skipped step shows nothing wrong, a step that ran must pass {@code check}. */
    default boolean okIfRan(Predicate<T> check) {
        return !(this instanceof Ran<T> ran) || check.test(ran.value());
    }
}
