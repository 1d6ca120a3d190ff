package io.kafkalessons.lesson19;

/**
 * How much each run sends: the lesson's size, or a smaller one for the tests (the relations they
 * check hold at either size; only the noise differs).
 *
 * @param records       records of each as-fast-as-possible run
 * @param steadyRecords records of each steady-rate run
 * @param steadyRate    records per second of a steady-rate run
 */
public record Scale(int records, int steadyRecords, int steadyRate) {

    /** About a minute and a half of runs on 2 cores. */
    public static final Scale LESSON = new Scale(300_000, 2_000, 1_000);

    /** For the test: the same runs, a sixth of the records. */
    public static final Scale TEST = new Scale(50_000, 500, 500);
}
