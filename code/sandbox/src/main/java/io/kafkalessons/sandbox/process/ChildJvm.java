package io.kafkalessons.sandbox.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running child JVM: a real operating-system process with its own PID.
 *
 * <p>{@link #kill()} is a real {@code SIGKILL} (the process gets no chance to clean up),
 * {@link #terminate(Duration)} a {@code SIGTERM}, and {@link #pause()} / {@link #resume()} are
 * {@code SIGSTOP} / {@code SIGCONT}: the process freezes mid-instruction, as in a long GC pause.
 */
public final class ChildJvm {

    private final Process process;
    private final Path logFile;

    private ChildJvm(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} in a new JVM of the runtime at {@code javaHome} (this JVM's, or a newer
     * one: lesson 15's schema registry needs Java 21), output appended to {@code logFile}. On a
     * classpath other than this JVM's (lesson 12 runs Kafka 3.9 next to the 4.4 of everything else),
     * the sandbox's own classes are added in front, for {@link ChildMain}.
     *
     * @param dataDir      the sandbox data folder, recorded so an orphan's data can be removed later
     * @param shareClasses whether to use (or make) a {@link ClassArchive} for this kind of JVM: for
     *                     the kinds started many times, on the same jars everywhere
     */
    public static ChildJvm start(Path javaHome, String classpath, String mainClass, List<String> jvmOptions, List<String> args,
                                 Path logFile, Path dataDir, boolean shareClasses) {
        String fullClasspath = classpath.equals(System.getProperty("java.class.path"))
                ? classpath : sandboxClasses() + File.pathSeparator + classpath;
        ClassArchive archive = shareClasses ? ClassArchive.forJvm(javaHome, fullClasspath, mainClass) : null;
        List<String> archiveOptions = archive != null ? archive.jvmOptions() : List.of();
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions);
        command.addAll(archiveOptions);
        command.add("-cp");
        command.add(fullClasspath);
        command.add(ChildMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "---- sandbox: starting " + mainClass + " at " + Instant.now() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            ProcessRegistry.register(process.toHandle(), dataDir);
            if (archive != null) {
                archive.started(process, archiveOptions);
            }
            return new ChildJvm(process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + mainClass, e);
        }
    }

    /** Where the sandbox's own classes are: its jar, or its classes folder in a build. */
    private static String sandboxClasses() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the sandbox classes", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** {@code SIGKILL}, then waits until the process is gone. */
    public void kill() {
        killNow();
        awaitExit(Duration.ofSeconds(10));
    }

    /** {@code SIGKILL} without waiting (a paused process dies too). */
    public void killNow() {
        process.destroyForcibly();
    }

    /** {@code SIGTERM}; if the process has not exited within {@code grace}, {@code SIGKILL}. */
    public void terminate(Duration grace) {
        process.destroy();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    /** Waits for the process to end; true if it did within the timeout. */
    public boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                ProcessRegistry.unregister(process.pid());
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code SIGSTOP}: the process freezes; its sockets stay open but nothing answers. */
    public void pause() {
        signal("STOP");
    }

    /** {@code SIGCONT}: a paused process carries on where it stopped. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (!process.isAlive()) {
            throw new IllegalStateException("process " + pid() + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }
}
