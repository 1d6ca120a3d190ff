package io.kafkalessons.sandbox.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A class-data sharing (CDS) archive for one kind of child JVM: the classes a Kafka node or a
 * ZooKeeper server loads, already parsed and verified, mapped from a file at start instead of
 * read from the jars. Measured here on 2 cores: 3 Kafka nodes become ready about 1.5 s sooner.
 *
 * <p>The first JVM of a kind on a given classpath writes the names of the classes it loads
 * ({@code -XX:DumpLoadedClassList}, no cost); when its cluster closes, {@link #buildPending()}
 * turns that list into an archive ({@code -Xshare:dump}, about 10 s, once). Every later JVM of the
 * kind maps it ({@code -XX:SharedArchiveFile}). An archive is named after a digest of the Java
 * runtime, the main class and every jar with its size and time, so a rebuilt jar gets a new one;
 * the JVM itself also refuses an archive that does not match and then simply starts without it.
 * A dump that fails leaves a {@code .failed} file, and that kind then starts without an archive
 * (no dump at every close). Archives live in the system temp folder; set
 * {@code -Dsandbox.classArchive=false} to start without them.
 */
public final class ClassArchive {

    private static final Path FOLDER = Path.of(System.getProperty("java.io.tmpdir"), "kafka-lessons-class-archives");
    private static final Duration STALE_CLAIM = Duration.ofMinutes(30);
    private static final Duration KEEP = Duration.ofDays(3);
    private static final Map<String, Pending> PENDING = new ConcurrentHashMap<>();

    private final Path folder;
    private final Path javaHome;
    private final String classpath;
    private final String key;

    private ClassArchive(Path folder, Path javaHome, String classpath, String key) {
        this.folder = folder;
        this.javaHome = javaHome;
        this.classpath = classpath;
        this.key = key;
    }

    /** A class list being recorded by {@code process}, to become an archive once the process has ended. */
    private record Pending(ClassArchive archive, Process process) {
    }

    /**
     * The archive for {@code mainClass} on {@code classpath}; none (empty options) if sharing is
     * switched off, the runtime is not this JVM's, or the classpath has a folder (CDS takes jars only).
     */
    static ClassArchive forJvm(Path javaHome, String classpath, String mainClass) {
        return forJvm(FOLDER, javaHome, classpath, mainClass);
    }

    /** The same, with the archives in {@code folder}. */
    static ClassArchive forJvm(Path folder, Path javaHome, String classpath, String mainClass) {
        boolean usable = !"false".equals(System.getProperty("sandbox.classArchive"))
                && javaHome.equals(Path.of(System.getProperty("java.home")))
                && Stream.of(classpath.split(File.pathSeparator)).allMatch(e -> e.endsWith(".jar") && Files.isRegularFile(Path.of(e)));
        return new ClassArchive(folder, javaHome, classpath, usable ? digest(javaHome, classpath, mainClass) : null);
    }

    private static String digest(Path javaHome, String classpath, String mainClass) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((javaHome + "\n" + mainClass + "\n").getBytes(StandardCharsets.UTF_8));
            for (String entry : classpath.split(File.pathSeparator)) {
                Path jar = Path.of(entry);
                String line = entry + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + "\n";
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            }
            String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
            return simpleName + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classpath " + classpath, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path archive() {
        return folder.resolve(key + ".jsa");
    }

    private Path classList() {
        return folder.resolve(key + ".classlist");
    }

    /** Left when a dump failed, so that every later run does not pay for the same failure again. */
    private Path failed() {
        return folder.resolve(key + ".failed");
    }

    /**
     * The options for the next JVM of this kind: map the archive if it exists; else record the
     * class list if no other JVM is recording it; else nothing.
     */
    List<String> jvmOptions() {
        if (key == null) {
            return List.of();
        }
        if (Files.isRegularFile(archive())) {
            touch(archive());
            return List.of("-XX:SharedArchiveFile=" + archive());
        }
        if (Files.exists(failed())) {
            return List.of();
        }
        return claimClassList() ? List.of("-XX:DumpLoadedClassList=" + classList()) : List.of();
    }

    /** Creates the class-list file, unless another JVM is writing it (a stale one is taken over). */
    private boolean claimClassList() {
        try {
            Files.createDirectories(folder);
            try {
                Files.createFile(classList());
                return true;
            } catch (FileAlreadyExistsException e) {
                Instant written = Files.getLastModifiedTime(classList()).toInstant();
                if (!PENDING.containsKey(key) && written.isBefore(Instant.now().minus(STALE_CLAIM))) {
                    Files.setLastModifiedTime(classList(), FileTime.from(Instant.now()));
                    return true;
                }
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Remembers that {@code process} records this archive's class list (if {@link #jvmOptions()} said so). */
    void started(Process process, List<String> options) {
        if (options.stream().anyMatch(o -> o.startsWith("-XX:DumpLoadedClassList="))) {
            PENDING.put(key, new Pending(this, process));
        }
    }

    /**
     * Builds the archives whose class lists were recorded by JVMs of this process that have ended
     * since; called when a cluster closes, after its nodes are gone. Returns how many it built.
     */
    public static int buildPending() {
        int built = 0;
        for (Pending pending : new ArrayList<>(PENDING.values())) {
            if (!pending.process().isAlive() && PENDING.remove(pending.archive().key, pending)) {
                System.err.println("[sandbox] saving the classes these nodes loaded as a class-data archive, so that"
                        + " the next ones start faster (once, about 10 s) ...");
                built += pending.archive().build() ? 1 : 0;
            }
        }
        return built;
    }

    private boolean build() {
        Path temp = folder.resolve(key + "." + ProcessHandle.current().pid() + ".jsa.tmp");
        try {
            trimToLastLine(classList());
            List<String> command = List.of(javaHome.resolve("bin").resolve("java").toString(), "-Xshare:dump",
                    "-XX:SharedClassListFile=" + classList(), "-XX:SharedArchiveFile=" + temp, "-cp", classpath);
            Process dump = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(folder.resolve(key + ".dump.log").toFile()).start();
            boolean done = dump.waitFor(2, TimeUnit.MINUTES);
            if (!done) {
                dump.destroyForcibly().waitFor();
            }
            if (done && dump.exitValue() == 0 && Files.isRegularFile(temp) && Files.size(temp) > 0) {
                Files.move(temp, archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                removeOld(folder);
                return true;
            }
            Files.writeString(failed(), "java -Xshare:dump failed; see " + key + ".dump.log\n");
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            deleteQuietly(temp);
            deleteQuietly(classList());
        }
    }

    /** A JVM killed mid-write can leave half a line at the end of its class list. */
    private static void trimToLastLine(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            Files.write(file, java.util.Arrays.copyOf(bytes, end));
        }
    }

    /** Archives of jars long since rebuilt: anything in the folder untouched for {@link #KEEP}. */
    private static void removeOld(Path folder) throws IOException {
        Instant cutoff = Instant.now().minus(KEEP);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    deleteQuietly(file);
                }
            }
        }
    }

    /** An archive in use is kept: {@link #removeOld(Path)} goes by the last time it was used. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // then it may be rebuilt a few days early
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover in the temp folder, removed by a later removeOld
        }
    }
}
