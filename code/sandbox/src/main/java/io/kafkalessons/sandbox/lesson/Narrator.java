package io.kafkalessons.sandbox.lesson;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What a lesson says while it runs, as a teacher would: numbered steps, one actor per line, and
 * what to notice. Goes to stdout; a silent narrator (for tests) says nothing.
 */
public final class Narrator {

    private final PrintStream out;
    private int step;
    private char subStep;

    private Narrator(PrintStream out) {
        this.out = out;
    }

    public static Narrator to(PrintStream out) {
        return new Narrator(out);
    }

    public static Narrator silent() {
        return new Narrator(null);
    }

    /** Opening lines: what will happen and what to watch for. */
    public void intro(String... lines) {
        for (String line : lines) {
            print(line);
        }
    }

    /**
     * {@code Step 2: kill the leader of partition 0 (broker 3)}, after a blank line. Steps are
     * numbered in the order a lesson calls this, so a step's number is written nowhere else.
     */
    public void step(String format, Object... args) {
        step++;
        subStep = 'a';
        print("");
        print("Step " + step + ": " + format(format, args));
    }

    /** {@code Step 2b: restart broker 3}: the next part of the current step, lettered in order. */
    public void subStep(String format, Object... args) {
        print("Step " + step + subStep++ + ": " + format(format, args));
    }

    /** A step that cannot run here: numbered like any other, with the reason instead of its output. */
    public <T> Part<T> skipStep(String title, String reason) {
        step(title);
        print("  (skipped: " + reason + ")");
        return Part.skipped(reason);
    }

    /** The number of the step being narrated, 0 before the first. */
    public int currentStep() {
        return step;
    }

    /** One thing an actor did or saw: {@code   [producer] sent order-1 to partition 0 at offset 0}. */
    public void say(String actor, String format, Object... args) {
        print("  [" + actor + "] " + format(format, args));
    }

    /** What the learner should take from what just happened. */
    public void notice(String format, Object... args) {
        print("  >> Notice: " + format(format, args));
    }

    /** A line from the sandbox itself (start, stop, where the logs are). */
    public void sandbox(String format, Object... args) {
        print("[sandbox] " + format(format, args));
    }

    /** A plain line, unindented. */
    public void line(String format, Object... args) {
        print(format(format, args));
    }

    private static String format(String format, Object... args) {
        return args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }

    private void print(String line) {
        if (out != null) {
            out.println(line);
            out.flush();
        }
    }
}
