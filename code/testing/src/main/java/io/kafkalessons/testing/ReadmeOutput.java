package io.kafkalessons.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "What you should see" block of a lesson README: the output of a real run, written there
 * by {@code ./lessons record N}. A lesson's test compares the shape of that block's RESULT line
 * with the RESULT its own run produced, so a README cannot keep showing a result the lesson no
 * longer prints.
 */
public final class ReadmeOutput {

    /** The heading whose first code block holds the recorded run. */
    public static final String HEADING = "## What you should see";

    private static final Pattern KEY = Pattern.compile("([A-Za-z][\\w.]*)=");

    private ReadmeOutput() {
    }

    /** The lines of the first fenced block under {@link #HEADING}. */
    public static List<String> block(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int heading = lines.indexOf(HEADING);
        if (heading < 0) {
            throw new IllegalStateException(readme + " has no '" + HEADING + "'");
        }
        int open = -1;
        for (int i = heading + 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                if (open < 0) {
                    open = i;
                } else {
                    return List.copyOf(lines.subList(open + 1, i));
                }
            } else if (lines.get(i).startsWith("## ")) {
                break;
            }
        }
        throw new IllegalStateException(readme + " has no code block under '" + HEADING + "'");
    }

    /** The summary after "RESULT " on the block's last RESULT line. */
    public static String resultOf(Path readme) {
        List<String> block = block(readme);
        for (int i = block.size() - 1; i >= 0; i--) {
            if (block.get(i).startsWith("RESULT ")) {
                return block.get(i).substring("RESULT ".length());
            }
        }
        throw new IllegalStateException(readme + ": its recorded run has no RESULT line");
    }

    /** The names a summary gives its values ({@code a=1 b=x:c=2} gives a, b, c), in order: its shape. */
    public static List<String> shape(String summary) {
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(summary);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
