package io.kafkalessons.lesson12;

import io.kafkalessons.sandbox.SandboxNode;

import java.nio.file.Path;
import java.util.List;

/**
 * A Kafka 3.9 node in its own JVM on Kafka 3.9's classpath: a broker in ZooKeeper mode here; lesson 22
 * also runs a KRaft controller this way, and brokers whose properties file it rewrites between restarts.
 */
public final class LegacyBroker extends SandboxNode {

    private final String kind;
    private final List<String> ownOptions;
    private final int port;
    private final Path configFile;
    private final String classpath;

    LegacyBroker(int id, int port, Path configFile, String classpath, Path dataRoot, Path logFile) {
        this(id, "broker", port, configFile, classpath, dataRoot, logFile, List.of());
    }

    /**
     * A node named {@code kind} ("broker", "controller") in narration, started with {@code configFile};
     * {@code ownOptions} are JVM options of its own, such as a logger's level.
     */
    public LegacyBroker(int id, String kind, int port, Path configFile, String classpath, Path dataRoot, Path logFile,
                        List<String> ownOptions) {
        super(id, dataRoot, logFile);
        this.kind = kind;
        this.ownOptions = List.copyOf(ownOptions);
        this.port = port;
        this.configFile = configFile;
        this.classpath = classpath;
    }

    public String address() {
        return LegacyKafkaCluster.HOST + ":" + port;
    }

    @Override
    public String describe() {
        return kind + " " + id() + " (Kafka " + LegacyKafkaCluster.VERSION + ")";
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
        List<String> own = new java.util.ArrayList<>(List.of("-Djava.awt.headless=true"));
        own.addAll(ownOptions);
        return jvmOptions(64, 256, own.toArray(String[]::new));
    }

    @Override
    protected List<String> arguments() {
        return List.of(configFile.toString());
    }
}
