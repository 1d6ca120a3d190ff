package io.kafkalessons.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/** A command run in-process with its stdout, stderr, exit code and duration captured. */
record CapturedRun(int exitCode, String out, String err, Duration took) {

    static CapturedRun of(BiFunction<PrintStream, PrintStream, Integer> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = command.apply(o, e);
        }
        return new CapturedRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    static CapturedRun lessons(String... args) {
        return of((o, e) -> LessonsMain.run(args, o, e));
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
