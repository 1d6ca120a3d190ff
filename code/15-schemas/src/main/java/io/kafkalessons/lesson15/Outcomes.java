package io.kafkalessons.lesson15;

import io.apicurio.registry.rest.client.models.ProblemDetails;

/** Failures as the lesson prints them: the registry's own answer, or the innermost cause, on one line. */
final class Outcomes {

    private static final int MAX = 160;

    private Outcomes() {
    }

    /**
     * When the registry refused, its HTTP status and message (the serdes wrap it in a
     * RuntimeException whose message is only a class name); otherwise the deepest cause's class and
     * message. One line, at most {@value #MAX} characters.
     */
    static String oneLine(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemDetails problem) {
                return cut("registry answered HTTP " + problem.getStatus() + " " + problem.getName() + ": "
                        + problem.getDetail());
            }
            root = t;
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        return cut(root.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message));
    }

    /** {@code text} on one line, shortened to {@value #MAX} characters. */
    static String cut(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX ? line : line.substring(0, MAX - 3) + "...";
    }
}
