package io.kafkalessons.sandbox;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class JavaRuntimesTest {

    @Test
    @DisplayName("A JDK's version is read from its release file; a folder without bin/java is no JDK")
    void readsTheReleaseFile(@TempDir Path dir) throws IOException {
        Path jdk25 = fakeJdk(dir.resolve("jdk-25"), "JAVA_VERSION=\"25.0.3\"");
        Path jdk17 = fakeJdk(dir.resolve("jdk-17"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"17.0.15\"");
        Path notAJdk = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(notAJdk.resolve("release"), "JAVA_VERSION=\"21\"");
        assertThat(JavaRuntimes.version(jdk25)).isEqualTo(25);
        assertThat(JavaRuntimes.version(jdk17)).isEqualTo(17);
        assertThat(JavaRuntimes.version(notAJdk)).isZero();
    }

    @Test
    @DisplayName("This JVM counts: asking for its own version or less finds a runtime")
    void findsThisJvm() {
        int own = Runtime.version().feature();
        assertThat(JavaRuntimes.atLeast(own)).isPresent();
        assertThat(JavaRuntimes.atLeast(999)).isEmpty();
    }

    @Test
    @DisplayName("With none found, the learner gets one line naming the need and the variable to set")
    void missingIsOneLine() {
        String line = JavaRuntimes.missing(21, "the schema registry");
        assertThat(line).startsWith("the schema registry needs Java 21 or newer").contains(JavaRuntimes.HOME_VARIABLE)
                .doesNotContain("\n");
    }

    private static Path fakeJdk(Path home, String release) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin").resolve("java"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(java).isExecutable();
        Files.writeString(home.resolve("release"), release + "\n");
        return home;
    }
}
