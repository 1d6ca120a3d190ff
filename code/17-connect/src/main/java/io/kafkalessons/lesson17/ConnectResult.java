package io.kafkalessons.lesson17;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.Optional;

/**
 * What lesson 17 observed.
 *
 * @param standalone  one standalone worker moving a file through a topic into another file
 * @param workers     the distributed group of two: start time and memory
 * @param atLeastOnce the counting source with a worker killed under it, exactly-once source support off
 * @param exactlyOnce the same with {@code exactly.once.source.support=enabled}
 * @param deadLetters two sinks given a record they cannot convert
 * @param badConfig   what the REST API answers to configs it cannot use
 */
public record ConnectResult(Standalone standalone, Group workers, Crash atLeastOnce, Crash exactlyOnce,
                            DeadLetters deadLetters, BadConfig badConfig) implements LessonResult {

    /**
     * @param startMillis  JVM start to the REST API answering healthy
     * @param residentMib  the worker JVM's resident memory after the move
     * @param lines        lines in the input file
     * @param records      the topic's records (JSON, after the transforms)
     * @param copied       lines the sink wrote
     * @param position     the source offset stored for the file: a byte position
     * @param fileBytes    the input file's size
     */
    public record Standalone(long startMillis, long residentMib, int lines, List<String> records, List<String> copied,
                             long position, long fileBytes) {
    }

    /** Two distributed workers started together: until both answered healthy, and each one's memory. */
    public record Group(long startMillis, List<Long> residentMib) {
    }

    /**
     * @param exactlyOnce    whether the workers had exactly-once source support enabled
     * @param numbers        numbers the source writes, 0 to numbers - 1
     * @param killedWorker   the worker that ran the task and was killed
     * @param movedTo        the worker the task ran on afterwards
     * @param moveMillis     from the kill until the task ran on the other worker
     * @param runs           what each run of the task wrote, in order: the killed one, then the one after the move
     * @param total          records in the topic at the end (read_committed)
     * @param distinct       different numbers among them
     * @param pause          the pause and resume before the kill, when the step showed one
     */
    public record Crash(boolean exactlyOnce, int numbers, int killedWorker, int movedTo, long moveMillis, List<Run> runs,
                        long total, long distinct, Optional<Pause> pause) {

        public long duplicates() {
            return total - distinct;
        }

        public long missing() {
            return numbers - distinct;
        }
    }

    /**
     * What one run of the counting task wrote (the records with its key), as read back.
     *
     * @param first   the first number it wrote
     * @param last    the last
     * @param records how many records
     */
    public record Run(long first, long last, long records) {
    }

    /** Records in the topic once the task reported PAUSED, and one second later. */
    public record Pause(long whenPaused, long secondLater) {
    }

    /**
     * @param good         records that are JSON
     * @param bad          records that are not
     * @param written      lines the tolerant sink wrote
     * @param deadLettered records in the dead letter queue topic
     * @param deadValue    the dead letter's value
     * @param reason       the exception class in its headers
     * @param trace        the first line of the strict sink's failed task trace
     * @param restartState the task's state in the restart call's answer
     * @param afterRestart the task's state once the restart had run
     */
    public record DeadLetters(int good, int bad, int written, int deadLettered, String deadValue, String reason,
                              String trace, String restartState, String afterRestart) {
    }

    /**
     * @param missingClassStatus HTTP status of creating a connector whose class does not exist
     * @param missingClass       the REST API's message, one line
     * @param badFieldErrors     errors the validate call counted for a config with a bad field
     * @param badField           its message for that field
     */
    public record BadConfig(int missingClassStatus, String missingClass, int badFieldErrors, String badField) {
    }

    @Override
    public boolean asExpected() {
        return standalone.copied().size() == standalone.lines() && atLeastOnce.missing() == 0
                && exactlyOnce.missing() == 0 && exactlyOnce.duplicates() == 0 && deadLetters.deadLettered() == deadLetters.bad()
                && deadLetters.written() == deadLetters.good() && "FAILED".equals(deadLetters.afterRestart());
    }

    @Override
    public String summary() {
        return "standalone=" + standalone.copied().size() + "/" + standalone.lines()
                + " at-least-once:moved=" + atLeastOnce.numbers() + ",duplicates=" + atLeastOnce.duplicates()
                + ",missing=" + atLeastOnce.missing()
                + " exactly-once:duplicates=" + exactlyOnce.duplicates() + ",missing=" + exactlyOnce.missing()
                + " dlq=" + deadLetters.deadLettered() + " sink-written=" + deadLetters.written()
                + " strict=" + deadLetters.afterRestart();
    }
}
