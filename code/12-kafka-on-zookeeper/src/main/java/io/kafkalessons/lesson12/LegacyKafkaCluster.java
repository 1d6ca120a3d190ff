package io.kafkalessons.lesson12;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.Ports;
import io.kafkalessons.sandbox.SandboxCluster;
import io.kafkalessons.sandbox.SandboxException;
import io.kafkalessons.sandbox.SandboxNode;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kafka as it ran before KRaft: brokers of the 3.9 line (the last with ZooKeeper mode) that keep
 * their cluster state in a ZooKeeper ensemble. Each broker is its own JVM, started on Kafka
 * 3.9's classpath, which the build resolves in {@code code/legacy-kafka}.
 */
public final class LegacyKafkaCluster extends SandboxCluster<LegacyBroker> {

    public static final String VERSION = io.kafkalessons.sandbox.Versions.legacyKafka();
    public static final String HOST = Ports.HOST;
    private static final String CLASSPATH_RESOURCE = "/io/kafkalessons/legacykafka/classpath.txt";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** The longest session the sandbox ensemble grants (20 ticks of 200 ms): a dead broker's znodes go after 4 s. */
    public static final int ZOOKEEPER_SESSION_MS = 4000;

    private final String zookeeperConnect;
    private final List<LegacyBroker> brokers;

    private LegacyKafkaCluster(String zookeeperConnect, int count, String name) {
        super(name);
        this.zookeeperConnect = zookeeperConnect;
        String classpath = legacyClasspath();
        List<Integer> ports = Ports.take(0, count);
        List<LegacyBroker> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = i + 1;
            Path dir = dataRoot().resolve("broker-" + id);
            Path config = KafkaCluster.writeServerProperties(dir, config(id, ports.get(i), dir.resolve("data"), count));
            list.add(new LegacyBroker(id, ports.get(i), config, classpath, dataRoot(), logFile("broker-" + id)));
        }
        this.brokers = List.copyOf(list);
    }

    /** Starts {@code count} brokers on the ensemble at {@code zookeeperConnect} and waits until all registered and one is controller. */
    public static LegacyKafkaCluster start(String zookeeperConnect, int count, String name) {
        LegacyKafkaCluster cluster = new LegacyKafkaCluster(zookeeperConnect, count, name);
        cluster.startNodes(() -> cluster.awaitRegistered(count, READY_TIMEOUT));
        return cluster;
    }

    private Map<String, String> config(int id, int port, Path logDir, int count) {
        Map<String, String> c = new LinkedHashMap<>();
        // tag::config[]
        c.put("broker.id", Integer.toString(id));
        c.put("zookeeper.connect", zookeeperConnect);
        c.put("zookeeper.session.timeout.ms", Integer.toString(ZOOKEEPER_SESSION_MS));
        // end::config[]
        c.put("listeners", "PLAINTEXT://" + HOST + ":" + port);
        c.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        c.put("log.dirs", logDir.toString());
        c.putAll(sandboxDefaults(count));
        // A stopped broker leaves at once instead of handing its partitions over first (which can
        // take seconds); the lesson kills brokers anyway.
        c.put("controlled.shutdown.enable", "false");
        return c;
    }

    /**
     * The defaults a Kafka 3.9 node of the sandbox changes, as the 4.4 sandbox does: internal topics as
     * replicated as {@code brokers} allow, with few partitions; no wait for a group's first members;
     * a log cleaner that fits a small heap.
     */
    public static Map<String, String> sandboxDefaults(int brokers) {
        Map<String, String> c = new LinkedHashMap<>();
        String rf = Integer.toString(Math.min(3, brokers));
        c.put("offsets.topic.replication.factor", rf);
        c.put("offsets.topic.num.partitions", "10");
        c.put("transaction.state.log.replication.factor", rf);
        c.put("transaction.state.log.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return c;
    }

    /** Kafka 3.9's classpath, as the build wrote it. */
    public static String legacyClasspath() {
        try (InputStream in = LegacyKafkaCluster.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new SandboxException("Kafka " + VERSION + "'s classpath is missing (" + CLASSPATH_RESOURCE
                        + "); build the project again with ./mvnw -DskipTests install");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_RESOURCE, e);
        }
    }

    /**
     * Waits until {@code count} brokers have their znode under /brokers/ids and one of them has won the
     * controller election (/controller exists, which can come a moment after the last registration);
     * returns how long it took.
     */
    public Duration awaitRegistered(int count, Duration timeout) {
        try (ZooKeeper zk = ZooKeeperConnections.open(zookeeperConnect, ZOOKEEPER_SESSION_MS)) {
            return Poll.until(timeout, Duration.ofMillis(100), () -> {
                brokers.forEach(SandboxNode::checkNotCrashed);
                return zk.exists("/brokers/ids", false) != null && zk.getChildren("/brokers/ids", false).size() == count
                        && zk.exists("/controller", false) != null;
            }, () -> count + " Kafka " + VERSION + " brokers did not register and elect a controller in ZooKeeper within "
                    + timeout.toSeconds() + " s; see the logs in " + logFolder());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted", e);
        }
    }

    public String bootstrapServers() {
        return brokers.stream().map(LegacyBroker::address).collect(Collectors.joining(","));
    }

    public LegacyBroker broker(int id) {
        return brokers.stream().filter(b -> b.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker " + id));
    }

    @Override
    public List<LegacyBroker> nodes() {
        return brokers;
    }
}
