package io.kafkalessons.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * Apicurio Registry as a sandbox node: its own JVM (Java 21 or newer), HTTP on loopback, its
 * schemas kept in a Kafka topic (the registry's "kafkasql" storage), so it holds no files of its own.
 */
final class RegistryNode extends SandboxNode {

    /** Quarkus's launcher inside quarkus-run.jar; what {@code java -jar quarkus-run.jar} would run. */
    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final Path appHome;
    private final Path javaHome;
    private final int httpPort;
    private final int managementPort;
    private final String bootstrapServers;

    RegistryNode(RegistryInstall install, int httpPort, int managementPort, String bootstrapServers, Path dataRoot,
                 Path logFile) {
        super(1, dataRoot, logFile);
        this.appHome = install.appHome();
        this.javaHome = install.javaHome();
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public String describe() {
        return "schema registry";
    }

    @Override
    protected String mainClass() {
        return QUARKUS_MAIN;
    }

    @Override
    protected String classpath() {
        return appHome.resolve("quarkus-run.jar").toString();
    }

    @Override
    protected Path javaHome() {
        return javaHome;
    }

    @Override
    protected List<String> jvmOptions() {
        return List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                // What quarkus-run.jar's manifest asks for when it is started with -jar.
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                // Both of its ports on loopback only: the management port (health) listens on 0.0.0.0:9000 otherwise.
                "-Dquarkus.http.host=" + Ports.HOST, "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=" + Ports.HOST, "-Dquarkus.management.port=" + managementPort,
                // Schemas live in a Kafka topic (kafkasql-journal) on the lesson's cluster.
                "-Dapicurio.storage.kind=kafkasql", "-Dapicurio.kafkasql.bootstrap.servers=" + bootstrapServers,
                // Measured here: its journal consumer waits one poll timeout (5 s by default) twice at start;
                // 0.5 s makes a start take about 9 s instead of 25 s.
                "-Dapicurio.kafkasql.consumer.poll.timeout=500",
                // Lesson 15 removes the artifacts it made; Apicurio refuses deletions unless allowed.
                "-Dapicurio.rest.deletion.artifact.enabled=true",
                "-Dquarkus.banner.enabled=false", "-Dquarkus.log.level=" + registryLogLevel());
    }

    private static String registryLogLevel() {
        return "warn".equalsIgnoreCase(SandboxFolders.nodeLogLevel()) ? "WARN" : "INFO";
    }

    @Override
    protected List<String> arguments() {
        return List.of();
    }

    String url() {
        return "http://" + Ports.HOST + ":" + httpPort;
    }

    /** Quarkus's management interface: {@code /health/ready}, {@code /metrics}. */
    String managementUrl() {
        return "http://" + Ports.HOST + ":" + managementPort;
    }
}
