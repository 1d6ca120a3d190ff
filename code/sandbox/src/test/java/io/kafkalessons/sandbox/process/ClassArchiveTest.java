package io.kafkalessons.sandbox.process;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ClassArchiveTest {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final String MAIN = "kafka.tools.StorageTool";

    @Test
    @DisplayName("The first JVM of a kind records its classes, one at a time; after it, the archive is built and the next JVM maps Kafka's classes from it")
    void recordThenMap(@TempDir Path folder) throws Exception {
        String jars = nodeJars(folder);
        ClassArchive first = ClassArchive.forJvm(folder, JAVA_HOME, jars, MAIN);
        List<String> recording = first.jvmOptions();
        assertThat(recording).singleElement().asString().startsWith("-XX:DumpLoadedClassList=");
        assertThat(ClassArchive.forJvm(folder, JAVA_HOME, jars, MAIN).jvmOptions()).as("while another records").isEmpty();

        Process run = java(recording, jars);
        first.started(run, recording);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ClassArchive.buildPending()).isEqualTo(1);

        List<String> mapping = ClassArchive.forJvm(folder, JAVA_HOME, jars, MAIN).jvmOptions();
        assertThat(mapping).singleElement().asString().startsWith("-XX:SharedArchiveFile=");
        List<String> strict = new ArrayList<>(mapping);
        strict.addAll(List.of("-Xshare:on", "-Xlog:class+load=info"));
        Process mapped = java(strict, jars);
        String output = new String(mapped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mapped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mapped.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("kafka\\.tools\\.StorageTool source: shared objects file");
    }

    @Test
    @DisplayName("A rebuilt jar (another size or time) means another archive")
    void rebuiltJarMeansAnotherArchive(@TempDir Path folder) throws IOException {
        String jars = nodeJars(folder);
        List<String> before = ClassArchive.forJvm(folder, JAVA_HOME, jars, MAIN).jvmOptions();
        Path copy = Path.of(jars.split(File.pathSeparator)[0]);
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().plusSeconds(60)));
        List<String> after = ClassArchive.forJvm(folder, JAVA_HOME, jars, MAIN).jvmOptions();
        assertThat(before).singleElement().asString().startsWith("-XX:DumpLoadedClassList=");
        assertThat(after).singleElement().asString().startsWith("-XX:DumpLoadedClassList=").isNotEqualTo(before.get(0));
    }

    @Test
    @DisplayName("A folder on the classpath (CDS takes jars only), or -Dsandbox.classArchive=false: no archive")
    void noArchiveForFolders(@TempDir Path folder) throws IOException {
        String jars = nodeJars(folder);
        assertThat(ClassArchive.forJvm(folder, JAVA_HOME, folder + File.pathSeparator + jars, MAIN).jvmOptions()).isEmpty();
        System.setProperty("sandbox.classArchive", "false");
        try {
            assertThat(ClassArchive.forJvm(folder, JAVA_HOME, jars, MAIN).jvmOptions()).isEmpty();
        } finally {
            System.clearProperty("sandbox.classArchive");
        }
    }

    /** The sandbox's dependency jars as the build listed them, the first one copied into {@code folder}. */
    private static String nodeJars(Path folder) throws IOException {
        try (InputStream in = ClassArchiveTest.class.getResourceAsStream("/io/kafkalessons/sandbox/node-classpath.txt")) {
            assertThat(in).as("the node classpath the build writes").isNotNull();
            List<String> jars = new ArrayList<>(Arrays.asList(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(File.pathSeparator)));
            Path copy = folder.resolve("first-" + Path.of(jars.get(0)).getFileName());
            Files.copy(Path.of(jars.get(0)), copy);
            jars.set(0, copy.toString());
            return String.join(File.pathSeparator, jars);
        }
    }

    private static Process java(List<String> options, String classpath) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA_HOME.resolve("bin").resolve("java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", classpath, MAIN, "random-uuid"));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
