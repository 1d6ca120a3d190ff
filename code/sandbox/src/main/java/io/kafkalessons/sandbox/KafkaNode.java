package io.kafkalessons.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One real Kafka node in KRaft mode: a broker, a controller, or both, in its own JVM. */
public final class KafkaNode extends SandboxNode {

    /** What a node does, as {@code process.roles} says. */
    public enum Role {
        BROKER("broker"), CONTROLLER("controller"), BROKER_AND_CONTROLLER("broker,controller");

        private final String processRoles;

        Role(String processRoles) {
            this.processRoles = processRoles;
        }

        public String processRoles() {
            return processRoles;
        }

        public boolean isBroker() {
            return this != CONTROLLER;
        }

        public boolean isController() {
            return this != BROKER;
        }
    }

    private final Role role;
    private final Map<String, Integer> clientPorts;
    private final String primaryListener;
    private final int controllerPort;
    private final Path configFile;
    private final Path logDir;
    private final String clusterId;
    private String agentOption;
    private int metricsPort;

    KafkaNode(int id, Role role, Map<String, Integer> clientPorts, String primaryListener, int controllerPort,
              Path configFile, Path logDir, String clusterId, Path dataRoot, Path logFile) {
        super(id, dataRoot, logFile);
        this.role = role;
        this.clientPorts = Map.copyOf(clientPorts);
        this.primaryListener = primaryListener;
        this.controllerPort = controllerPort;
        this.configFile = configFile;
        this.logDir = logDir;
        this.clusterId = clusterId;
    }

    /** Runs the metrics exporter as an agent on {@code port}; before the node starts. */
    KafkaNode withExporter(MetricsExporter exporter, int port, Path configFile) {
        this.agentOption = exporter.agentOption(port, configFile);
        this.metricsPort = port;
        return this;
    }

    /** {@code http://127.0.0.1:PORT/metrics} of the node's Prometheus exporter, when the cluster runs one. */
    public Optional<String> metricsUrl() {
        return agentOption == null ? Optional.empty() : Optional.of("http://" + Ports.HOST + ":" + metricsPort + "/metrics");
    }

    public Role role() {
        return role;
    }

    /** {@code 127.0.0.1:port} of the client listener the sandbox itself uses; brokers only. */
    public String address() {
        return address(primaryListener);
    }

    /** {@code 127.0.0.1:port} where the named client listener is bound; brokers only. */
    public String address(String listener) {
        if (!role.isBroker()) {
            throw new IllegalStateException(describe() + " is a controller only and has no client listener");
        }
        Integer port = clientPorts.get(listener);
        if (port == null) {
            throw new IllegalArgumentException(describe() + " has no listener " + listener + "; it has " + clientPorts.keySet());
        }
        return Ports.HOST + ":" + port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The folder that holds this node's partitions (its {@code log.dirs}). */
    public Path logDir() {
        return logDir;
    }

    public Path configFile() {
        return configFile;
    }

    @Override
    public String describe() {
        return switch (role) {
            case BROKER -> "broker " + id();
            case CONTROLLER -> "controller " + id();
            case BROKER_AND_CONTROLLER -> "broker " + id() + " (also a controller)";
        };
    }

    @Override
    protected String mainClass() {
        return KafkaNodeMain.class.getName();
    }

    /** Shared classes, unless an agent adds its own jar to the node (it would not be in the archive). */
    @Override
    protected boolean sharesClasses() {
        return agentOption == null;
    }

    @Override
    protected List<String> jvmOptions() {
        // The authorizer writes each request it denies, with the principal, at INFO: keep those lines.
        List<String> options = jvmOptions(64, 256, "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.log.kafka.authorizer.logger=info");
        if (agentOption == null) {
            return options;
        }
        List<String> withAgent = new ArrayList<>(options);
        withAgent.add(agentOption);
        return withAgent;
    }

    @Override
    protected List<String> arguments() {
        return List.of(clusterId, configFile.toString());
    }
}
