package io.kafkalessons.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Try this" items of a lesson README, and the {@code ./lessons TOOL ...} commands they ask a
 * learner to type. A lesson's test takes a command from here, points it at its own cluster and runs
 * it, so the command the README shows is the command that was tested.
 */
public final class TryThis {

    /** The heading of the section; the next {@code ## } heading ends it. */
    public static final String HEADING = "## Try this";

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private TryThis() {
    }

    /** The module's README: tests run in the module's folder. */
    public static Path readme() {
        return Path.of("README.md");
    }

    /** The whole section, heading included. */
    public static String section(Path readme) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf("\n" + HEADING + "\n");
        if (start < 0) {
            throw new IllegalStateException(readme + " has no '" + HEADING + "'");
        }
        int end = text.indexOf("\n## ", start + HEADING.length() + 1);
        return text.substring(start + 1, end < 0 ? text.length() : end + 1);
    }

    /** Item {@code n} of the section, its lines joined by single spaces (an inline command may wrap). */
    public static String item(Path readme, int n) {
        Matcher m = Pattern.compile("(?ms)^" + n + "\\. (.*?)(?=^\\d+\\. |\\z)").matcher(section(readme));
        if (!m.find()) {
            throw new IllegalStateException(readme + ": '" + HEADING + "' has no item " + n);
        }
        return m.group(1).strip().replaceAll("\\s+", " ");
    }

    /** The inline code spans of item {@code n} that start with {@code start}: the commands it asks a learner to type. */
    public static List<String> typed(Path readme, int n, String start) {
        List<String> found = new ArrayList<>();
        Matcher m = CODE.matcher(item(readme, n));
        while (m.find()) {
            if (m.group(1).startsWith(start)) {
                found.add(m.group(1).strip());
            }
        }
        return found;
    }

    /**
     * The only command of item {@code n} of this module's README that runs {@code tool}, split into
     * its words after each {@code replace} key in it was replaced by its value (the README's
     * {@code 127.0.0.1:9092} by the test cluster's address, a {@code <folder>} by a real one).
     */
    public static List<String> command(int n, String tool, Map<String, String> replace) {
        return command(readme(), n, tool, replace);
    }

    /** The same for another module's README; {@code tool} may be a lesson's number, or the start of a command line. */
    public static List<String> command(Path readme, int n, String tool, Map<String, String> replace) {
        List<String> all = typed(readme, n, "./lessons " + tool + " ");
        if (all.size() != 1) {
            throw new IllegalStateException("Try this " + n + " has " + all.size() + " commands running " + tool + ", not 1");
        }
        String command = all.get(0).substring("./lessons ".length());
        for (Map.Entry<String, String> r : replace.entrySet()) {
            if (!command.contains(r.getKey())) {
                throw new IllegalStateException("Try this " + n + ": '" + command + "' has no " + r.getKey());
            }
            command = command.replace(r.getKey(), r.getValue());
        }
        return List.of(command.split(" "));
    }
}
