package io.kafkalessons.sandbox;

import io.kafkalessons.sandbox.process.ChildJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One node of a sandbox cluster (a ZooKeeper server or a Kafka node), running in its own JVM.
 *
 * <p>A node can be stopped cleanly, killed abruptly, paused and resumed, and restarted with the
 * data it had. Every call waits for its effect (with a bound) before it returns.
 */
public abstract class SandboxNode {

    /** What a node is doing now, as far as the sandbox knows. */
    public enum State { RUNNING, PAUSED, STOPPED }

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final int id;
    private final Path dataRoot;
    private final Path logFile;
    private ChildJvm jvm;
    private State state = State.STOPPED;
    private boolean expectedUp;

    protected SandboxNode(int id, Path dataRoot, Path logFile) {
        this.id = id;
        this.dataRoot = dataRoot;
        this.logFile = logFile;
    }

    public int id() {
        return id;
    }

    /** The node's log file (its stdout and stderr), kept after the sandbox closes. */
    public Path logFile() {
        return logFile;
    }

    public synchronized State state() {
        if (state != State.STOPPED && (jvm == null || !jvm.isAlive())) {
            state = State.STOPPED;
        }
        return state;
    }

    /** Whether this node has ever been started (a spare broker has not, until a lesson adds it). */
    public synchronized boolean started() {
        return jvm != null;
    }

    public boolean isRunning() {
        return state() == State.RUNNING;
    }

    /** The operating-system PID of the node's JVM; only while it runs or is paused. */
    public synchronized long pid() {
        if (jvm == null || !jvm.isAlive()) {
            throw new IllegalStateException(describe() + " is not running");
        }
        return jvm.pid();
    }

    /** The resident memory of the node's process in KiB, from /proc (Linux); -1 elsewhere or when it does not run. */
    public long residentKib() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (java.io.IOException | IllegalStateException e) {
            return -1;
        }
    }

    /** A short name for narration, e.g. "broker 2" or "zk server 1". */
    public abstract String describe();

    protected abstract String mainClass();

    /** The node JVM's classpath: the sandbox's own jars if it {@link #sharesClasses()}, else the one this JVM runs on. */
    protected String classpath() {
        return sharesClasses() ? NodeClasspath.get() : System.getProperty("java.class.path");
    }

    /**
     * Whether the node runs on {@link NodeClasspath} (the same jars in every lesson) and maps a
     * class-data archive made by the first such JVM: for the kinds every lesson starts, not for
     * one-off ones.
     */
    protected boolean sharesClasses() {
        return false;
    }

    /** The Java runtime the node runs on: by default this JVM's. */
    protected Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    protected abstract List<String> jvmOptions();

    /** JVM options every node shares, with its heap size and options of its own. */
    protected static List<String> jvmOptions(int minHeapMb, int maxHeapMb, String... own) {
        List<String> options = new java.util.ArrayList<>(List.of(
                "-Xms" + minHeapMb + "m", "-Xmx" + maxHeapMb + "m",
                // Measured here: C1 only and the serial collector halve boot time on 2 cores;
                // skipping bytecode verification of Kafka's and ZooKeeper's own jars saves about 1 s more.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote",
                // Warnings and errors only, with times, into the node's log file (--verbose asks for more).
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + SandboxFolders.nodeLogLevel(),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        options.addAll(List.of(own));
        return List.copyOf(options);
    }

    protected abstract List<String> arguments();

    /** Starts the node's JVM (the first time, or again after a stop or a kill); does not wait for readiness. */
    public synchronized void start() {
        if (state() != State.STOPPED) {
            throw new IllegalStateException(describe() + " is already running");
        }
        jvm = ChildJvm.start(javaHome(), classpath(), mainClass(), jvmOptions(), arguments(), logFile, dataRoot, sharesClasses());
        state = State.RUNNING;
        expectedUp = true;
    }

    /** Throws if the node's process ended without being told to (for example it failed to start). */
    public synchronized void checkNotCrashed() {
        if (expectedUp && jvm != null && !jvm.isAlive()) {
            expectedUp = false;
            throw new SandboxException(describe() + " exited on its own; its log is " + logFile
                    + LogTail.lastLines(logFile, 5));
        }
    }

    /** Same as {@link #start()}: the node comes back with the data it had on disk. */
    public void restart() {
        start();
    }

    /** Clean shutdown ({@code SIGTERM}), as an operator would stop a service; waits for the exit. */
    public synchronized void stop() {
        if (state() == State.STOPPED) {
            return;
        }
        if (state == State.PAUSED) {
            jvm.resume();
        }
        expectedUp = false;
        jvm.terminate(STOP_GRACE);
        state = State.STOPPED;
    }

    /** Crash ({@code kill -9}): no shutdown hook, no flush, no goodbye to the cluster. */
    public synchronized void kill() {
        if (state() == State.STOPPED) {
            return;
        }
        expectedUp = false;
        jvm.kill();
        state = State.STOPPED;
    }

    /** Freezes the process ({@code SIGSTOP}): it holds its connections but answers nothing. */
    public synchronized void pause() {
        if (state() != State.RUNNING) {
            throw new IllegalStateException(describe() + " is not running, so it cannot be paused");
        }
        jvm.pause();
        state = State.PAUSED;
    }

    /** Unfreezes a paused process ({@code SIGCONT}). */
    public synchronized void resume() {
        if (state() != State.PAUSED) {
            throw new IllegalStateException(describe() + " is not paused");
        }
        jvm.resume();
        state = State.RUNNING;
    }

    /** Used by cluster close: kill without waiting, so all nodes go down at once. */
    synchronized ChildJvm killAsync() {
        if (jvm == null || !jvm.isAlive()) {
            return null;
        }
        state = State.STOPPED;
        expectedUp = false;
        return jvm;
    }

    @Override
    public String toString() {
        return describe();
    }
}
