package io.kafkalessons.testing;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For tests that need a program outside the JDK. Without it such a test is skipped with one
 * line naming the program and how to get it; {@link SkippedToolsSummary} lists every such skip
 * at the end of the run. With {@code -Dtools.required=true}, as {@code .ci/run} sets it, a
 * missing program fails the test instead, so nothing is skipped in CI.
 */
public final class ExternalTools {

    /** The system property that turns a skip for a missing tool into a failure. */
    public static final String REQUIRED = "tools.required";

    /** Every skip message starts so; the summary finds them by it. */
    static final String PREFIX = "needs ";

    private ExternalTools() {
    }

    /**
     * Returns when {@code available}; otherwise skips the calling test (or, under
     * {@code -Dtools.required=true}, fails it), naming {@code tool} and {@code howToGet}.
     */
    public static void require(boolean available, String tool, String howToGet) {
        if (available) {
            return;
        }
        String reason = PREFIX + tool + " (" + howToGet + ")";
        if (Boolean.getBoolean(REQUIRED)) {
            throw new AssertionFailedError(reason + "; -D" + REQUIRED + "=true forbids skipping it");
        }
        System.out.println("SKIPPED: " + reason);
        throw new TestAbortedException(reason);
    }

    /** True when {@code program} is an executable file in a folder of the PATH. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
