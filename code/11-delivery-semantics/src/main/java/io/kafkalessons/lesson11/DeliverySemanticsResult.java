package io.kafkalessons.lesson11;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What lesson 11 observed.
 *
 * @param modes              one row per mode: a processor crashes mid-batch and restarts
 * @param abortedReadCommitted   records of an aborted transaction a read_committed consumer saw
 * @param abortedReadUncommitted the same for a read_uncommitted consumer
 * @param zombieFenced       the older of two producers with the same transactional.id was fenced
 */
public record DeliverySemanticsResult(List<ModeRun> modes, int abortedReadCommitted, int abortedReadUncommitted,
                                      boolean zombieFenced) implements LessonResult {

    /**
     * A processor copies input records to an output topic, crashes once, restarts.
     *
     * @param mode       at-most-once, at-least-once or exactly-once
     * @param input      records in the input topic
     * @param output     records a read_committed consumer finds in the output topic
     * @param skipped    input records with no output record
     * @param duplicated input records with more than one output record
     */
    public record ModeRun(String mode, int input, int output, int skipped, int duplicated) {
    }

    public ModeRun mode(String name) {
        return modes.stream().filter(m -> m.mode().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public String summary() {
        return modes.stream().map(m -> m.mode() + ":skipped=" + m.skipped() + ",duplicated=" + m.duplicated())
                .collect(Collectors.joining(" "))
                + " abortedSeen(read_committed)=" + abortedReadCommitted
                + " abortedSeen(read_uncommitted)=" + abortedReadUncommitted + " zombieFenced=" + zombieFenced;
    }

    @Override
    public boolean asExpected() {
        ModeRun atMost = mode(DeliverySemanticsLesson.AT_MOST_ONCE);
        ModeRun atLeast = mode(DeliverySemanticsLesson.AT_LEAST_ONCE);
        ModeRun exactly = mode(DeliverySemanticsLesson.EXACTLY_ONCE);
        return atMost.skipped() > 0 && atMost.duplicated() == 0
                && atLeast.duplicated() > 0 && atLeast.skipped() == 0
                && exactly.skipped() == 0 && exactly.duplicated() == 0 && exactly.output() == exactly.input()
                && abortedReadCommitted == 0 && abortedReadUncommitted > 0 && zombieFenced;
    }
}
