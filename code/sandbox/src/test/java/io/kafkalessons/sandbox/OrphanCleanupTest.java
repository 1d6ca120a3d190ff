package io.kafkalessons.sandbox;

import io.kafkalessons.sandbox.process.ProcessRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrphanCleanupTest {

    @Test
    @DisplayName("When the JVM that started a sandbox is killed -9, its nodes stop by themselves and the next sandbox removes their data")
    void nodesDieWithTheirOwner() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dsandbox.logs=" + System.getProperty("sandbox.logs", "target/sandbox-logs"),
                OrphanOwner.class.getName())
                .redirectErrorStream(true).start();
        long serverPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.startsWith("PID ")) {
                line = out.readLine();
            }
            assertThat(line).as("the owner JVM reports its server's PID").isNotNull();
            serverPid = Long.parseLong(line.substring(4).trim());
            assertThat(ProcessHandle.of(serverPid)).isPresent();
            List<Path> dataBefore = orphanDataFolders();
            assertThat(dataBefore).isNotEmpty();

            owner.destroyForcibly();
            assertThat(owner.waitFor(10, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(5)).until(() ->
                    ProcessHandle.of(serverPid).map(p -> !p.isAlive()).orElse(true));
            ProcessRegistry.reapOrphans();
            assertThat(orphanDataFolders()).doesNotContainAnyElementsOf(dataBefore);
        } finally {
            owner.destroyForcibly();
        }
    }

    private static List<Path> orphanDataFolders() throws Exception {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith(ProcessRegistry.dataFolderPrefix() + "orphan-owner-"))
                    .toList();
        }
    }
}
