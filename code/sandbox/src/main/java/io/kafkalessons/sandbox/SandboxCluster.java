package io.kafkalessons.sandbox;

import io.kafkalessons.sandbox.process.ClassArchive;
import io.kafkalessons.sandbox.process.Folders;
import io.kafkalessons.sandbox.process.ProcessRegistry;

import java.nio.file.Path;
import java.util.List;

/**
 * What every sandbox cluster shares: a data folder deleted on close, a log folder kept after
 * it, and a shutdown hook so that Ctrl-C or a failing test never leaves a node running.
 */
public abstract class SandboxCluster<N extends SandboxNode> implements AutoCloseable {

    private final String name;
    private final Path dataRoot;
    private final Path logFolder;
    private final Thread shutdownHook;

    protected SandboxCluster(String name) {
        ProcessRegistry.reapOrphans();
        this.name = name;
        this.dataRoot = SandboxFolders.newDataRoot(name);
        this.logFolder = SandboxFolders.logFolder(name);
        this.shutdownHook = new Thread(this::destroyNow, "sandbox-shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Every node of the cluster. */
    public abstract List<N> nodes();

    public String name() {
        return name;
    }

    /** Folder holding every node's log file, relative to the working directory when it lies below it. */
    public Path logFolder() {
        return SandboxFolders.forDisplay(logFolder);
    }

    protected Path dataRoot() {
        return dataRoot;
    }

    protected Path logFile(String nodeName) {
        return logFolder.resolve(nodeName + ".log");
    }

    /** Starts every node, then waits until the cluster is usable; on failure removes what it started. */
    protected void startNodes(Runnable awaitReady) {
        startNodes(nodes(), awaitReady);
    }

    /** Starts {@code toStart} only (the others stay configured but stopped), then as {@link #startNodes(Runnable)}. */
    protected void startNodes(List<N> toStart, Runnable awaitReady) {
        try {
            toStart.forEach(SandboxNode::start);
            awaitReady.run();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Releases what the subclass holds (clients) before the nodes go. */
    protected void beforeDestroy() {
    }

    /**
     * Kills every node at once and deletes the data; logs stay in {@link #logFolder()}. The data
     * is thrown away, so a clean shutdown would buy nothing, and stopping quorum members one by
     * one can hang once the majority is gone.
     */
    @Override
    public void close() {
        destroyNow();
        // Not in the shutdown hook: Ctrl-C should not wait for it.
        ClassArchive.buildPending();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
    }

    private void destroyNow() {
        beforeDestroy();
        NodeReaper.killAll(nodes());
        Folders.deleteRecursively(dataRoot);
    }
}
