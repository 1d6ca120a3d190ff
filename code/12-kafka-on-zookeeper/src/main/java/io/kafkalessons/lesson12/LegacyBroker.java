package io.kafkalessons.lesson12;

import io.kafkalessons.sandbox.SandboxNode;

import java.nio.file.Path;
import java.util.List;

/** A Kafka 3.9 broker in ZooKeeper mode, in its own JVM on Kafka 3.9's classpath. */
public final class LegacyBroker extends SandboxNode {

    private final int port;
    private final Path configFile;
    private final String classpath;

    LegacyBroker(int id, int port, Path configFile, String classpath, Path dataRoot, Path logFile) {
        super(id, dataRoot, logFile);
        this.port = port;
        this.configFile = configFile;
        this.classpath = classpath;
    }

    public String address() {
        return LegacyKafkaCluster.HOST + ":" + port;
    }

    @Override
    public String describe() {
        return "broker " + id() + " (Kafka " + LegacyKafkaCluster.VERSION + ")";
    }

    @Override
    protected String mainClass() {
        return "kafka.Kafka";
    }

    @Override
    protected String classpath() {
        return classpath;
    }

    @Override
    protected List<String> jvmOptions() {
        return jvmOptions(64, 256, "-Djava.awt.headless=true");
    }

    @Override
    protected List<String> arguments() {
        return List.of(configFile.toString());
    }
}
