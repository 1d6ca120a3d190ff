package io.kafkalessons.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java runtime of at least a given version on this machine, for a node that cannot run on
 * the JDK 17 the lessons need (the schema registry of lesson 15 is built for Java 21).
 *
 * <p>Where it looks, in order: {@code LESSONS_JAVA21_HOME}, this JVM, {@code JAVA_HOME}, then the
 * folders package managers and SDKMAN install into. It reads each candidate's {@code release}
 * file, so nothing is started to ask.
 */
public final class JavaRuntimes {

    /** The variable a learner sets when their newer JDK lives somewhere this class does not look. */
    public static final String HOME_VARIABLE = "LESSONS_JAVA21_HOME";

    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final List<String> INSTALL_FOLDERS = List.of("/usr/lib/jvm", "/opt/java", "/usr/java",
            System.getProperty("user.home") + "/.sdkman/candidates/java", "/Library/Java/JavaVirtualMachines");

    private JavaRuntimes() {
    }

    /** The newest runtime of version {@code minimum} or later, preferring the explicit choices. */
    public static Optional<Path> atLeast(int minimum) {
        List<Path> explicit = new ArrayList<>();
        Optional.ofNullable(System.getenv(HOME_VARIABLE)).map(Path::of).ifPresent(explicit::add);
        explicit.add(Path.of(System.getProperty("java.home")));
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(explicit::add);
        for (Path home : explicit) {
            if (version(home) >= minimum) {
                return Optional.of(home);
            }
        }
        return INSTALL_FOLDERS.stream().map(Path::of).filter(Files::isDirectory).flatMap(JavaRuntimes::children)
                .map(home -> Files.isDirectory(home.resolve("Contents/Home")) ? home.resolve("Contents/Home") : home)
                .filter(home -> version(home) >= minimum)
                .max(Comparator.comparingInt(JavaRuntimes::version));
    }

    /** A one-line explanation for a learner who has no such runtime. */
    public static String missing(int minimum, String needs) {
        return needs + " needs Java " + minimum + " or newer, and none was found (looked at " + HOME_VARIABLE
                + ", this JVM, JAVA_HOME and " + String.join(", ", INSTALL_FOLDERS) + "); install one, or set "
                + HOME_VARIABLE + " to its folder";
    }

    /** The feature version in {@code home/release}, or 0 when it is not a Java runtime. */
    static int version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return 0;
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Stream<Path> children(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
