package io.kafkalessons.runner;

import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonLauncher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./lessons record N [N ...]}: runs each lesson on its own sandbox, shows its output as
 * usual, and when the run succeeds writes exactly that output into the first code block under
 * "## What you should see" of the lesson's README. A README's sample output is therefore a real
 * run, never edited by hand; each lesson's test checks that its RESULT line still has today's shape.
 */
final class RecordCommand {

    static final String HEADING = "## What you should see";

    private RecordCommand() {
    }

    static int run(String[] args, LessonCatalog catalog, Path root, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("lessons record: name the lessons to record, e.g. ./lessons record 2 7");
            return LessonLauncher.USAGE;
        }
        List<LessonEntry> lessons = new ArrayList<>();
        for (String arg : args) {
            Optional<LessonEntry> lesson = parse(arg).flatMap(catalog::byNumber);
            if (lesson.isEmpty()) {
                err.println("lessons record: there is no lesson '" + arg + "'; ./lessons list shows the lessons there are");
                return LessonLauncher.USAGE;
            }
            lessons.add(lesson.get());
        }
        for (LessonEntry lesson : lessons) {
            Path readme = root.resolve("code").resolve(lesson.info().folder()).resolve("README.md");
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int code;
            try (PrintStream both = new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8)) {
                code = LessonLauncher.launch(lesson, new String[0], both, err);
            }
            if (code != LessonLauncher.OK) {
                err.println("lessons record: lesson " + lesson.info().number() + " did not pass; " + readme + " left as it was");
                return code;
            }
            try {
                Files.writeString(readme, replaceBlock(Files.readString(readme), captured.toString(StandardCharsets.UTF_8)));
            } catch (IOException | IllegalStateException e) {
                err.println("lessons record: cannot update " + readme + ": " + e.getMessage());
                return LessonLauncher.FAILED;
            }
            out.println("lessons record: wrote this run into " + root.relativize(readme));
        }
        return LessonLauncher.OK;
    }

    /** The README text with the first code block under {@link #HEADING} replaced by {@code output}. */
    static String replaceBlock(String readme, String output) {
        List<String> lines = new ArrayList<>(readme.lines().toList());
        int heading = lines.indexOf(HEADING);
        int open = -1;
        int close = -1;
        for (int i = heading + 1; heading >= 0 && i < lines.size() && close < 0; i++) {
            if (lines.get(i).startsWith("## ")) {
                break;
            }
            if (lines.get(i).startsWith("```")) {
                if (open < 0) {
                    open = i;
                } else {
                    close = i;
                }
            }
        }
        if (close < 0) {
            throw new IllegalStateException("no code block under '" + HEADING + "'");
        }
        List<String> run = output.lines().map(String::stripTrailing).toList();
        int end = run.size();
        while (end > 0 && run.get(end - 1).isEmpty()) {
            end--;
        }
        List<String> result = new ArrayList<>(lines.subList(0, open + 1));
        result.addAll(run.subList(0, end));
        result.addAll(lines.subList(close, lines.size()));
        return String.join("\n", result) + "\n";
    }

    private static Optional<Integer> parse(String s) {
        try {
            return Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes everything to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
