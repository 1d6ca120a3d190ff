package io.kafkalessons.sandbox;

import java.nio.file.Path;
import java.util.List;

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
    private final int clientPort;
    private final int controllerPort;
    private final Path configFile;
    private final Path logDir;
    private final String clusterId;

    KafkaNode(int id, Role role, int clientPort, int controllerPort, Path configFile, Path logDir,
              String clusterId, Path dataRoot, Path logFile) {
        super(id, dataRoot, logFile);
        this.role = role;
        this.clientPort = clientPort;
        this.controllerPort = controllerPort;
        this.configFile = configFile;
        this.logDir = logDir;
        this.clusterId = clusterId;
    }

    public Role role() {
        return role;
    }

    /** {@code 127.0.0.1:port} of the client listener; brokers only. */
    public String address() {
        if (!role.isBroker()) {
            throw new IllegalStateException(describe() + " is a controller only and has no client listener");
        }
        return Ports.HOST + ":" + clientPort;
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
    protected List<String> jvmOptions() {
        return jvmOptions(64, 256, "-Djava.awt.headless=true");
    }

    @Override
    protected List<String> arguments() {
        return List.of(clusterId, configFile.toString());
    }
}
