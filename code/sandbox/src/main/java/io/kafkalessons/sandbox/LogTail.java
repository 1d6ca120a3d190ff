package io.kafkalessons.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a node's log, for error messages. */
final class LogTail {

    private LogTail() {
    }

    /** The last {@code count} non-blank lines, each on its own indented line; empty if unreadable. */
    static String lastLines(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            StringBuilder out = new StringBuilder();
            for (String line : lines.subList(Math.max(0, lines.size() - count), lines.size())) {
                out.append("\n    ").append(line);
            }
            return out.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
