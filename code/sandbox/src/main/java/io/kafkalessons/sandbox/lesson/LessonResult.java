package io.kafkalessons.sandbox.lesson;

/** What every lesson's result record offers the launcher. */
public interface LessonResult {

    /** One line a person or a test can read, e.g. {@code acks=all sent=10000 acknowledged=10000 lost=0}. */
    String summary();

    /** True when the run showed what the lesson claims; the process exit code follows it. */
    boolean asExpected();
}
