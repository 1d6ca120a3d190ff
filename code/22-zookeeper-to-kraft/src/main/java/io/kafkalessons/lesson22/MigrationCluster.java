package io.kafkalessons.lesson22;

import io.kafkalessons.lesson12.LegacyBroker;
import io.kafkalessons.lesson12.LegacyKafkaCluster;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Ports;
import io.kafkalessons.sandbox.SandboxCluster;
import io.kafkalessons.sandbox.SandboxException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three Kafka 3.9 brokers and one KRaft controller whose properties files change from phase to phase
 * of a migration: brokers in ZooKeeper mode, then in migration mode, then in KRaft mode; the controller
 * in migration mode, then finalized. Each node keeps its data folder across restarts.
 */
final class MigrationCluster extends SandboxCluster<LegacyBroker> {

    /** The phases a broker's properties file can describe. */
    enum BrokerMode { ZOOKEEPER, MIGRATION, KRAFT }

    /** KRaft node ids share one space with broker ids: the controller takes one no broker has. */
    static final int CONTROLLER_ID = 3000;
    static final int BROKERS = 3;

    private final String zookeeperConnect;
    private final String classpath = LegacyKafkaCluster.legacyClasspath();
    private final List<LegacyBroker> brokers = new ArrayList<>();
    private final List<Integer> brokerPorts;
    private final LegacyBroker controller;
    private final int controllerPort;

    MigrationCluster(String zookeeperConnect, String name) {
        super(name);
        this.zookeeperConnect = zookeeperConnect;
        List<Integer> ports = Ports.take(0, BROKERS + 1);
        this.brokerPorts = ports.subList(0, BROKERS);
        this.controllerPort = ports.get(BROKERS);
        for (int id = 1; id <= BROKERS; id++) {
            brokers.add(new LegacyBroker(id, "broker", brokerPorts.get(id - 1), configFile(id), classpath, dataRoot(),
                    logFile("broker-" + id), List.of()));
        }
        // The controller's log tells each state of the migration (at INFO), whatever the other loggers say.
        controller = new LegacyBroker(CONTROLLER_ID, "controller", controllerPort, configFile(CONTROLLER_ID), classpath,
                dataRoot(), logFile("controller-" + CONTROLLER_ID),
                List.of("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.metadata.migration=info"));
    }

    private Path configFile(int id) {
        return dataRoot().resolve("node-" + id).resolve("server.properties");
    }

    private Path logDir(int id) {
        return dataRoot().resolve("node-" + id).resolve("data");
    }

    List<LegacyBroker> brokers() {
        return List.copyOf(brokers);
    }

    LegacyBroker controller() {
        return controller;
    }

    String bootstrapServers() {
        return brokers.stream().map(LegacyBroker::address).collect(Collectors.joining(","));
    }

    /** Writes broker {@code id}'s properties for {@code mode}; it takes effect at its next start. */
    void configureBroker(int id, BrokerMode mode) {
        Map<String, String> c = new LinkedHashMap<>();
        String listener = "PLAINTEXT://" + LegacyKafkaCluster.HOST + ":" + brokerPorts.get(id - 1);
        if (mode == BrokerMode.KRAFT) {
            // tag::kraft-broker[]
            c.put("process.roles", "broker");
            c.put("node.id", Integer.toString(id));
            // end::kraft-broker[]
        } else {
            c.put("broker.id", Integer.toString(id));
            c.put("zookeeper.connect", zookeeperConnect);
            c.put("zookeeper.session.timeout.ms", Integer.toString(LegacyKafkaCluster.ZOOKEEPER_SESSION_MS));
            // A migration needs every broker on the 3.9 protocol first.
            c.put("inter.broker.protocol.version", "3.9");
        }
        if (mode == BrokerMode.MIGRATION) {
            // tag::migration-broker[]
            c.put("zookeeper.metadata.migration.enable", "true");
            c.put("controller.quorum.voters", voters());
            c.put("controller.listener.names", "CONTROLLER");
            c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            // end::migration-broker[]
        }
        if (mode == BrokerMode.KRAFT) {
            c.put("controller.quorum.voters", voters());
            c.put("controller.listener.names", "CONTROLLER");
            c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        c.put("listeners", listener);
        c.put("advertised.listeners", listener);
        c.put("log.dirs", logDir(id).toString());
        // ACLs are checked by ZooKeeper mode's authorizer, then by KRaft's, which reads the migrated ACLs.
        c.put("authorizer.class.name", mode == BrokerMode.KRAFT ? standardAuthorizer() : "kafka.security.authorizer.AclAuthorizer");
        c.putAll(common());
        write(id, c);
    }

    /** Writes the controller's properties: in migration mode (beside ZooKeeper), or finalized (without it). */
    void configureController(boolean migrating) {
        Map<String, String> c = new LinkedHashMap<>();
        // tag::controller[]
        c.put("process.roles", "controller");
        c.put("node.id", Integer.toString(CONTROLLER_ID));
        c.put("controller.quorum.voters", voters());
        c.put("controller.listener.names", "CONTROLLER");
        c.put("listeners", "CONTROLLER://" + LegacyKafkaCluster.HOST + ":" + controllerPort);
        c.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        // How the controller reaches the brokers while they are still in ZooKeeper mode.
        c.put("inter.broker.listener.name", "PLAINTEXT");
        if (migrating) {
            c.put("zookeeper.metadata.migration.enable", "true");
            c.put("zookeeper.connect", zookeeperConnect);
        }
        // end::controller[]
        c.put("log.dirs", logDir(CONTROLLER_ID).toString());
        c.put("authorizer.class.name", standardAuthorizer());
        c.putAll(common());
        write(CONTROLLER_ID, c);
    }

    /** Formats the controller's log directory for {@code clusterId}, with Kafka 3.9's kafka-storage, in a JVM of its own. */
    void formatController(String clusterId) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process format = new ProcessBuilder(java.toString(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                "--cluster-id", clusterId, "--config", configFile(CONTROLLER_ID).toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile("kafka-storage").toFile()))
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new SandboxException("kafka-storage format failed for the controller; see " + logFile("kafka-storage"));
        }
    }

    private static String standardAuthorizer() {
        return "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    }

    private String voters() {
        return CONTROLLER_ID + "@" + LegacyKafkaCluster.HOST + ":" + controllerPort;
    }

    /** Settings every node has in every phase. */
    private static Map<String, String> common() {
        Map<String, String> c = new LinkedHashMap<>();
        // Clients connect without a login, as User:ANONYMOUS; it may do anything, ACLs or not.
        c.put("super.users", "User:ANONYMOUS");
        c.put("allow.everyone.if.no.acl.found", "true");
        c.putAll(LegacyKafkaCluster.sandboxDefaults(BROKERS));
        return c;
    }

    private void write(int id, Map<String, String> config) {
        KafkaCluster.writeServerProperties(configFile(id).getParent(), config);
    }

    @Override
    public List<LegacyBroker> nodes() {
        List<LegacyBroker> all = new ArrayList<>(brokers);
        all.add(controller);
        return all;
    }
}
