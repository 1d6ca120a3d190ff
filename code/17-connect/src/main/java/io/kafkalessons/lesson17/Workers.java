package io.kafkalessons.lesson17;

import io.kafkalessons.sandbox.AppProcesses;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.SandboxException;
import io.kafkalessons.sandbox.lesson.ClusterProbe;
import io.kafkalessons.sandbox.lesson.UnreachableClusterException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kafka Connect workers, each a JVM of its own started by the sandbox (so one can be killed with
 * {@code kill -9} and started again), with the REST API on a loopback port. Standalone: one worker
 * that keeps everything in a local file. Distributed: workers that share one {@code group.id} and
 * keep connector configs, offsets and status in Kafka topics.
 */
final class Workers implements AutoCloseable {

    /** Measured here: a worker answers healthy 1.4 to 3.5 s after its JVM starts; the bound is for slow machines. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /**
     * After this long without an answer the lesson checks that Kafka answers it, and says so if not; a
     * slow worker whose Kafka does answer is simply waited for, up to the start timeout.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(4);

    static final String GROUP = "lesson17-connect";
    static final List<String> INTERNAL_TOPICS = List.of(GROUP + "-configs", GROUP + "-offsets", GROUP + "-status");

    private final AppProcesses processes;
    private final String bootstrapServers;
    private final boolean distributed;
    private final AtomicBoolean exactlyOnce = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Workers(String bootstrapServers, boolean distributed, int count) {
        this.distributed = distributed;
        this.bootstrapServers = bootstrapServers;
        String main = distributed ? "org.apache.kafka.connect.cli.ConnectDistributed" : "org.apache.kafka.connect.cli.ConnectStandalone";
        this.processes = AppProcesses.of(ConnectMain.INFO.folder() + (distributed ? "-distributed" : "-standalone"), main,
                count, (id, port, folder) -> List.of(writeProperties(bootstrapServers, port, folder).toString()));
    }

    /** One standalone worker, not started yet. */
    static Workers standalone(String bootstrapServers) {
        return new Workers(bootstrapServers, false, 1);
    }

    /** {@code count} distributed workers of one group, none started yet. */
    static Workers distributed(String bootstrapServers, int count) {
        return new Workers(bootstrapServers, true, count);
    }

    /** Whether workers started from now on have {@code exactly.once.source.support=enabled}. */
    void exactlyOnce(boolean enabled) {
        exactlyOnce.set(enabled);
    }

    /** Starts the workers {@code ids} together and waits until each answers healthy; returns how long that took. */
    Duration start(int... ids) {
        long begin = System.nanoTime();
        for (int id : ids) {
            processes.start(id);
        }
        for (int id : ids) {
            awaitHealthy(id);
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    private void awaitHealthy(int id) {
        long patience = System.nanoTime() + PATIENCE.toNanos();
        AtomicBoolean probed = new AtomicBoolean();
        try {
            Poll.until(START_TIMEOUT, Duration.ofMillis(200), () -> {
                processes.instance(id).checkNotCrashed();
                if (status(url(id) + "/health") == 200) {
                    return true;
                }
                // A worker that cannot reach Kafka says nothing until its admin client gives up, after a minute.
                if (System.nanoTime() > patience && !probed.getAndSet(true)) {
                    try {
                        ClusterProbe.kafka(bootstrapServers);
                    } catch (UnreachableClusterException e) {
                        throw new SandboxException(e.getMessage(), e);
                    }
                }
                return false;
            }, () -> "Connect worker " + id + " did not answer healthy within " + START_TIMEOUT.toSeconds() + " s; see "
                    + processes.instance(id).logFile());
        } catch (SandboxException e) {
            if (e.getCause() instanceof UnreachableClusterException unreachable) {
                throw new UnreachableClusterException("Connect worker " + id + " cannot start: " + unreachable.getMessage());
            }
            throw e;
        }
    }

    private int status(String address) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The worker's REST API, e.g. {@code http://127.0.0.1:41234}. */
    String url(int id) {
        return "http://127.0.0.1:" + processes.instance(id).port();
    }

    /** The REST API of a worker that runs (after a kill, the one that is left). */
    String liveUrl() {
        return processes.nodes().stream().filter(w -> w.isRunning()).findFirst().map(w -> url(w.id()))
                .orElseThrow(() -> new IllegalStateException("no Connect worker is running"));
    }

    /** The worker id Connect reports in a task's status ({@code host:port}), to the sandbox's id. */
    Map<String, Integer> ids() {
        Map<String, Integer> byWorkerId = new TreeMap<>();
        processes.nodes().forEach(w -> byWorkerId.put("127.0.0.1:" + w.port(), w.id()));
        return byWorkerId;
    }

    /** Kill, stop and restart by worker id. */
    Faults faults() {
        return Faults.of(processes);
    }

    /** The worker JVM's resident memory in MiB; negative where /proc is not there. */
    long residentMib(int id) {
        long kib = processes.instance(id).residentKib();
        return kib < 0 ? kib : kib / 1024;
    }

    private Path writeProperties(String bootstrapServers, int port, Path folder) {
        Properties worker = new Properties();
        worker.putAll(settings(bootstrapServers, port, folder));
        Path file = folder.resolve("worker.properties");
        try {
            Files.createDirectories(folder);
            try (var out = Files.newBufferedWriter(file)) {
                worker.store(out, distributed ? "distributed Connect worker" : "standalone Connect worker");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private Map<String, String> settings(String bootstrapServers, int port, Path folder) {
        Map<String, String> s = new TreeMap<>();
        s.put("bootstrap.servers", bootstrapServers);
        // The REST API on loopback only; workers forward requests to each other at this address.
        s.put("listeners", "http://127.0.0.1:" + port);
        s.put("rest.advertised.host.name", "127.0.0.1");
        s.put("rest.advertised.port", Integer.toString(port));
        // Records are plain strings unless a connector says otherwise.
        s.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        s.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        // Find plugins through their META-INF/services files only: no scan of every jar (default hybrid_warn).
        s.put("plugin.discovery", "service_load");
        s.putAll(distributed ? distributedSettings() : standaloneSettings(folder));
        return s;
    }

    private static Map<String, String> standaloneSettings(Path folder) {
        return Map.of(
                "offset.storage.file.filename", folder.resolve("offsets.dat").toString(),
                // Offsets are written to that file every second (default 60 s), so the lesson can show them.
                "offset.flush.interval.ms", "1000");
    }

    private Map<String, String> distributedSettings() {
        Map<String, String> s = new TreeMap<>();
        s.put("group.id", GROUP);
        s.put("config.storage.topic", INTERNAL_TOPICS.get(0));
        s.put("offset.storage.topic", INTERNAL_TOPICS.get(1));
        s.put("status.storage.topic", INTERNAL_TOPICS.get(2));
        // The broker's default.replication.factor (3 on the sandbox) instead of a fixed 3.
        List.of("config", "offset", "status").forEach(t -> s.put(t + ".storage.replication.factor", "-1"));
        // 5 partitions for offsets instead of 25: a lesson needs few, and they are created faster.
        s.put("offset.storage.partitions", "5");
        // tag::distributed[]
        // A worker that dies is noticed after 6 s (the brokers' minimum) instead of 10 s.
        s.put("session.timeout.ms", "6000");
        s.put("heartbeat.interval.ms", "1000");
        // Its tasks move at once instead of waiting up to 5 minutes for it to come back.
        s.put("scheduled.rebalance.max.delay.ms", "0");
        // Step 4 restarts the workers with this "enabled": transactions for source tasks (KIP-618).
        s.put("exactly.once.source.support", exactlyOnce.get() ? "enabled" : "disabled");
        // end::distributed[]
        return s;
    }

    /** The worker's own folder (its properties file; the standalone worker's offsets file), kept across restarts. */
    Path folder(int id) {
        return processes.instance(id).dataFolder();
    }

    @Override
    public void close() {
        processes.close();
    }
}
