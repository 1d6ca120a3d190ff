package io.kafkalessons.sandbox;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Kafka cluster in KRaft mode: 1 to 5 brokers and a controller quorum, each node a
 * separate JVM listening on 127.0.0.1.
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).start()) {
 *     String bootstrap = kafka.bootstrapServers();
 *     kafka.node(kafka.partitionLeader("orders", 0).getAsInt()).kill();
 * }
 * }</pre>
 */
public final class KafkaCluster extends SandboxCluster<KafkaNode> {

    /** Where the controllers run. */
    public enum ControllerPlacement {
        /** The first N brokers are also the controllers ({@code process.roles=broker,controller}). */
        COMBINED,
        /** N extra controller-only nodes (ids 101, 102, ...), so pausing brokers never touches the quorum. */
        DEDICATED
    }

    /** First id of a dedicated controller. */
    public static final int FIRST_DEDICATED_CONTROLLER_ID = 101;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final List<KafkaNode> nodes;
    private final Listeners listeners;
    private final List<Integer> spareIds;
    private final KafkaLinks links;
    private Admin admin;

    private KafkaCluster(Builder b) {
        super(b.name);
        KafkaNodeLayout layout = KafkaNodeLayout.of(b, dataRoot(), this::logFile);
        this.listeners = layout.listeners();
        this.nodes = layout.nodes();
        this.spareIds = layout.spareIds();
        this.links = layout.links();
    }

    /** The relays in front of every link, to cut and heal; needs {@link Builder#cuttableLinks()}. */
    public KafkaLinks links() {
        if (links == null) {
            throw new IllegalStateException("cluster '" + name() + "' was built without cuttableLinks()");
        }
        return links;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes {@code config} as {@code dir/server.properties} (also for lesson 12's Kafka 3.9 brokers). */
    public static Path writeServerProperties(Path dir, Map<String, String> config) {
        try {
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder("# written by the sandbox\n");
            config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Path file = dir.resolve("server.properties");
            Files.writeString(file, text.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka configuration in " + dir, e);
        }
    }

    private KafkaCluster startAll() {
        startNodes(nodes.stream().filter(n -> !spareIds.contains(n.id())).toList(),
                () -> awaitBrokers(brokers().size() - spareIds.size(), READY_TIMEOUT));
        return this;
    }

    /**
     * Starts a spare broker (see {@link Builder#spareBrokers(int)}) into the running cluster and
     * waits until it is registered and unfenced; returns how long that took.
     */
    public Duration startSpare(int id) {
        if (!spareIds.contains(id) || node(id).started()) {
            throw new IllegalArgumentException("node " + id + " is not a spare broker that has never run; spares: " + spareIds);
        }
        long brokersBefore = brokers().stream().filter(KafkaNode::started).count();
        node(id).start();
        return awaitBrokers((int) brokersBefore + 1, READY_TIMEOUT);
    }

    /** The spare brokers (see {@link Builder#spareBrokers(int)}) that have not been started yet. */
    public List<Integer> unstartedSpares() {
        return spareIds.stream().filter(id -> !node(id).started()).toList();
    }

    /** The {@code bootstrap.servers} string: every broker that has been started, comma separated. */
    public String bootstrapServers() {
        return brokers().stream().filter(KafkaNode::started).map(KafkaNode::address).collect(Collectors.joining(","));
    }

    /** The {@code bootstrap.servers} string of another client listener (lesson 14's cluster has several). */
    public String bootstrapServers(String listener) {
        return brokers().stream().map(n -> n.address(listener)).collect(Collectors.joining(","));
    }

    /**
     * What a client needs besides {@link #bootstrapServers()}: nothing for a plain cluster; for a
     * secured one the TLS settings and the certificate of a super user ({@code CN=sandbox-admin}).
     */
    public Properties clientConfig() {
        return listeners.clientConfig();
    }

    /** {@link #clientConfig()} as a file for {@code --command-config}; empty for a plain cluster. */
    public Optional<Path> clientConfigFile() {
        return Optional.ofNullable(listeners.clientConfigFile());
    }

    /** Every node, brokers first. */
    @Override
    public List<KafkaNode> nodes() {
        return nodes;
    }

    public List<KafkaNode> brokers() {
        return nodes.stream().filter(n -> n.role().isBroker()).toList();
    }

    public List<KafkaNode> controllers() {
        return nodes.stream().filter(n -> n.role().isController()).toList();
    }

    /** Node by its {@code node.id}. */
    public KafkaNode node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + id + " in cluster '" + name() + "'"));
    }

    /** The brokers' data folders, for lessons that show what Kafka writes to disk. */
    public BrokerDisks disks() {
        return id -> node(id).logDir();
    }

    /** The brokers' log files, for a lesson that shows what a broker wrote (lesson 14: the authorizer's denials). */
    public BrokerLogs brokerLogs() {
        return id -> node(id).logFile();
    }

    /** An admin client for the sandbox's own questions, with short timeouts; closed with the cluster. */
    public synchronized Admin admin() {
        if (admin == null) {
            Properties props = clientConfig();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            // Short timeouts: a call routed to a paused broker must not hang a lesson for a minute.
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sandbox-" + name());
            admin = Admin.create(props);
        }
        return admin;
    }

    /** Waits until {@code count} brokers are registered and unfenced; returns how long it took. */
    public Duration awaitBrokers(int count, Duration timeout) {
        return Poll.until(timeout, Duration.ofMillis(100), () -> {
            nodes.forEach(SandboxNode::checkNotCrashed);
            return KafkaMetadata.brokerCount(admin()) == count;
        }, () -> "the Kafka cluster '" + name() + "' did not show " + count + " brokers within "
                + timeout.toSeconds() + " s; see the logs in " + logFolder());
    }

    /** Current description of one partition (leader, replicas, ISR, ELR). */
    public TopicPartitionInfo partition(String topic, int partition) {
        try {
            TopicDescription d = admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(topic);
            return d.partitions().get(partition);
        } catch (Exception e) {
            throw new SandboxException("cannot describe " + topic + "-" + partition + ": " + e.getMessage(), e);
        }
    }

    /** The broker that leads the partition now; empty when it has no leader. */
    public OptionalInt partitionLeader(String topic, int partition) {
        Node leader = partition(topic, partition).leader();
        return leader == null || leader.isEmpty() ? OptionalInt.empty() : OptionalInt.of(leader.id());
    }

    /** Waits until the partition is led by a broker other than {@code formerLeader}; returns how long it took. */
    public Duration awaitNewPartitionLeader(String topic, int partition, int formerLeader, Duration timeout) {
        return Poll.until(timeout, Duration.ofMillis(50), () -> {
            OptionalInt leader = partitionLeader(topic, partition);
            return leader.isPresent() && leader.getAsInt() != formerLeader;
        }, () -> "no new leader for " + topic + "-" + partition + " within " + timeout.toSeconds() + " s");
    }

    /** Waits until the active controller is a node other than {@code former}; returns how long it took. */
    public Duration awaitNewActiveController(int former, Duration timeout) {
        return Poll.until(timeout, Duration.ofMillis(20), () -> {
            OptionalInt now = activeController();
            return now.isPresent() && now.getAsInt() != former;
        }, () -> "no new active controller within " + timeout.toSeconds() + " s");
    }

    /** The id of the active controller (the KRaft quorum leader); empty while there is none. */
    public OptionalInt activeController() {
        return KafkaMetadata.activeController(admin());
    }

    @Override
    protected synchronized void beforeDestroy() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
        if (links != null) {
            links.close();
        }
    }

    /** Options for a sandbox Kafka cluster. */
    public static final class Builder {
        int brokers = 3;
        Integer controllers;
        ControllerPlacement placement = ControllerPlacement.COMBINED;
        final Map<String, String> extraConfig = new LinkedHashMap<>();
        final Map<Integer, Map<String, String>> nodeConfig = new LinkedHashMap<>();
        int spare;
        int basePort = 0;
        String name = "kafka";
        boolean secured;
        boolean cuttableLinks;
        MetricsExporter exporter;

        private Builder() {
        }

        /** Lesson 14's listeners: PLAINTEXT, SSL (mutual TLS), SASL_SSL (SCRAM-SHA-512), with ACLs; see {@link Listeners}. */
        public Builder secured() {
            this.secured = true;
            return this;
        }

        /** A relay in front of every link, clients' included, that {@link KafkaCluster#links()} cuts and heals. */
        public Builder cuttableLinks() {
            this.cuttableLinks = true;
            return this;
        }

        /** Every node runs the Prometheus JMX exporter; {@link KafkaNode#metricsUrl()} says where. */
        public Builder metricsExporter(MetricsExporter exporter) {
            this.exporter = exporter;
            return this;
        }

        /** Number of brokers, 1 to 5 (ids 1..N). */
        public Builder brokers(int count) {
            if (count < 1 || count > 5) {
                throw new IllegalArgumentException("a sandbox Kafka cluster has 1 to 5 brokers, not " + count);
            }
            this.brokers = count;
            return this;
        }

        /** Size and placement of the controller quorum; by default min(brokers, 3), combined. */
        public Builder controllers(int count, ControllerPlacement placement) {
            if (count < 1 || count > 5) {
                throw new IllegalArgumentException("a controller quorum has 1 to 5 voters, not " + count);
            }
            this.controllers = count;
            this.placement = placement;
            return this;
        }

        /** A setting for every node's {@code server.properties}, e.g. {@code min.insync.replicas=2}. */
        public Builder config(String key, String value) {
            extraConfig.put(key, value);
            return this;
        }

        /** A setting for one node only, e.g. its {@code broker.rack}; it wins over {@link #config(String, String)}. */
        public Builder config(int nodeId, String key, String value) {
            nodeConfig.computeIfAbsent(nodeId, id -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /**
         * Brokers configured but not started with the others (ids after the brokers'), for a lesson
         * that adds a broker to a running cluster: {@link KafkaCluster#startSpare(int)}.
         */
        public Builder spareBrokers(int count) {
            this.spare = count;
            return this;
        }

        /** Fixed client ports from {@code port} (9092 gives 9092, 9093, ...; controllers 9192...); 0 picks free ports. */
        public Builder basePort(int port) {
            this.basePort = port;
            return this;
        }

        /** Name used for the log folder and the data folder. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** What this builder would start, e.g. "3 Kafka brokers + 1 controller", for listings. */
        public String describe() {
            String brokerText = brokers + " Kafka broker" + (brokers == 1 ? "" : "s") + (spare > 0 ? " (+" + spare + " spare)" : "");
            if (placement != ControllerPlacement.DEDICATED || controllers == null) {
                return brokerText;
            }
            return brokerText + " + " + controllers + " controller" + (controllers == 1 ? "" : "s");
        }

        /** Starts every node and waits until all brokers are registered. */
        public KafkaCluster start() {
            if (controllers == null) {
                controllers = Math.min(brokers, 3);
            }
            if (spare < 0 || brokers + spare > 5) {
                throw new IllegalArgumentException("a sandbox Kafka cluster has at most 5 brokers, spares included, not "
                        + (brokers + spare));
            }
            if (cuttableLinks && secured) {
                throw new IllegalArgumentException("cuttable links relay plain listeners only, not lesson 14's secured ones");
            }
            if (placement == ControllerPlacement.COMBINED && controllers > brokers) {
                throw new IllegalArgumentException(controllers + " combined controllers need at least as many brokers");
            }
            return new KafkaCluster(this).startAll();
        }
    }
}
