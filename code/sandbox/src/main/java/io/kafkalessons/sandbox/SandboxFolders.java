package io.kafkalessons.sandbox;

import io.kafkalessons.sandbox.process.Folders;
import io.kafkalessons.sandbox.process.ProcessRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a sandbox keeps its data (a temporary folder, deleted on close) and its logs (kept). */
final class SandboxFolders {

    /** System property naming the folder for node logs; the runner and the build set it. */
    static final String LOGS_PROPERTY = "sandbox.logs";

    /** System property for the nodes' log level (warn unless asked for more, e.g. info). */
    static final String NODE_LOG_LEVEL_PROPERTY = "sandbox.nodeLogLevel";

    private SandboxFolders() {
    }

    static String nodeLogLevel() {
        return System.getProperty(NODE_LOG_LEVEL_PROPERTY, "warn");
    }

    static Path newDataRoot(String clusterName) {
        try {
            return Files.createTempDirectory(ProcessRegistry.dataFolderPrefix() + clusterName + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data folder", e);
        }
    }

    /** A fresh log folder for one cluster: {@code <logs>/<clusterName>}, emptied first. */
    static Path logFolder(String clusterName) {
        String configured = System.getProperty(LOGS_PROPERTY);
        Path root = configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "kafka-lessons-logs");
        Path folder = root.resolve(clusterName).toAbsolutePath().normalize();
        Folders.deleteRecursively(folder);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log folder " + folder, e);
        }
        return folder;
    }

    /** A path as a learner would type it: relative to the working directory when it lies below it. */
    static Path forDisplay(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path) : path;
    }
}
