package io.kafkalessons.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    @Override
    protected boolean sharesClasses() {
        return true;
    }

    @Override
    protected List<String> jvmOptions() {
        // The authorizer writes each request it denies, with the principal, at INFO: keep those lines.
        return jvmOptions(64, 256, "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.log.kafka.authorizer.logger=info");
    }

    @Override
    protected List<String> arguments() {
        return List.of(clusterId, configFile.toString());
    }
}
