package io.kafkalessons.sandbox.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PID files for every child JVM the sandbox starts, one file per child in a shared folder.
 *
 * <p>Each file names the owning JVM, the child's start time and the data folder. When a new
 * sandbox starts, {@link #reapOrphans()} ends children whose owner has died (the child's own
 * watchdog normally does this first) and deletes their data folders. A child is only ever
 * ended when its PID and start time both match what this registry recorded, so an unrelated
 * process that reused the PID is never touched.
 */
public final class ProcessRegistry {

    private static final Path FOLDER = Path.of(System.getProperty("java.io.tmpdir"), "kafka-lessons-sandbox-pids");
    private static final String DATA_PREFIX = "kafka-lessons-";

    private ProcessRegistry() {
    }

    static void register(ProcessHandle child, Path dataDir) {
        try {
            Files.createDirectories(FOLDER);
            String start = child.info().startInstant().map(Instant::toString).orElse("");
            Files.writeString(FOLDER.resolve(Long.toString(child.pid())),
                    ProcessHandle.current().pid() + "\n" + start + "\n" + dataDir.toAbsolutePath() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox PID file in " + FOLDER, e);
        }
    }

    static void unregister(long childPid) {
        try {
            Files.deleteIfExists(FOLDER.resolve(Long.toString(childPid)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends children left behind by a sandbox whose JVM died; returns how many were ended. */
    public static int reapOrphans() {
        if (!Files.isDirectory(FOLDER)) {
            return 0;
        }
        int reaped = 0;
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.toList()) {
                reaped += reap(file) ? 1 : 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER, e);
        }
        return reaped;
    }

    private static boolean reap(Path file) throws IOException {
        List<String> lines;
        long childPid;
        try {
            lines = Files.readAllLines(file);
            childPid = Long.parseLong(file.getFileName().toString());
        } catch (IOException | NumberFormatException e) {
            Files.deleteIfExists(file);
            return false;
        }
        if (lines.size() < 3) {
            Files.deleteIfExists(file);
            return false;
        }
        boolean ownerAlive = ProcessHandle.of(Long.parseLong(lines.get(0))).map(ProcessHandle::isAlive).orElse(false);
        if (ownerAlive) {
            return false;
        }
        boolean ended = false;
        Optional<ProcessHandle> child = ProcessHandle.of(childPid)
                .filter(p -> p.info().startInstant().map(Instant::toString).orElse("?").equals(lines.get(1)));
        if (child.isPresent() && child.get().isAlive()) {
            child.get().destroyForcibly();
            ended = true;
        }
        Path dataDir = Path.of(lines.get(2));
        if (dataDir.getFileName() != null && dataDir.getFileName().toString().startsWith(DATA_PREFIX)) {
            Folders.deleteRecursively(dataDir);
        }
        Files.deleteIfExists(file);
        return ended;
    }

    /** Prefix of every sandbox data folder, so that reaping never deletes anything else. */
    public static String dataFolderPrefix() {
        return DATA_PREFIX;
    }
}
