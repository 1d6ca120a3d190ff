package io.kafkalessons.sandbox.lesson;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What a lesson says while it runs, as a teacher would: numbered steps, one actor per line, and
 * what to notice. Goes to stdout; a silent narrator (for tests) says nothing.
 */
public final class Narrator {

    private final PrintStream out;

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

    /** {@code Step 2: kill the leader of partition 0 (broker 3)}, after a blank line. */
    public void step(int number, String format, Object... args) {
        print("");
        print("Step " + number + ": " + format(format, args));
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
