package io.kafkalessons.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A real schema registry, Apicurio Registry, started next to a Kafka cluster and keeping its
 * schemas in a topic of that cluster. One node; it is closed like every sandbox cluster (killed,
 * its data folder deleted; the schemas stay in Kafka, where a new registry finds them again).
 */
public final class SchemaRegistry extends SandboxCluster<RegistryNode> {

    /** Start measured here: about 9 s on 2 cores; the bound leaves room for a slow machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final RegistryNode node;
    private final RegistryInstall install;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long startMillis;

    private SchemaRegistry(String name, RegistryInstall install, String bootstrapServers) {
        super(name);
        this.install = install;
        List<Integer> ports = Ports.take(0, 2);
        this.node = new RegistryNode(install, ports.get(0), ports.get(1), bootstrapServers, dataRoot(),
                logFile("schema-registry"));
    }

    /**
     * Starts Apicurio Registry on the Kafka cluster at {@code bootstrapServers} (plaintext) and waits
     * until it is ready. Throws {@link SandboxException} with one line when it cannot run here.
     */
    public static SchemaRegistry start(String bootstrapServers, String name) {
        SchemaRegistry registry = new SchemaRegistry(name, RegistryInstall.find(), bootstrapServers);
        long start = System.nanoTime();
        registry.startNodes(registry::awaitReady);
        registry.startMillis = (System.nanoTime() - start) / 1_000_000;
        return registry;
    }

    private void awaitReady() {
        Poll.until(READY_TIMEOUT, Duration.ofMillis(250), () -> {
            node.checkNotCrashed();
            HttpRequest health = HttpRequest.newBuilder(URI.create(node.managementUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }, () -> "the schema registry was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + node.logFile());
    }

    /** The registry's base address, e.g. {@code http://127.0.0.1:41234}; its APIs live below it. */
    public String url() {
        return node.url();
    }

    /** The registry's management port: readiness at {@code /health/ready}, Prometheus metrics at {@code /metrics}. */
    public String managementUrl() {
        return node.managementUrl();
    }

    /** From starting the JVM until the registry answered ready. */
    public long startMillis() {
        return startMillis;
    }

    public String version() {
        return install.version();
    }

    /** The runtime it runs on, e.g. "Java 25". */
    public String javaVersion() {
        return "Java " + JavaRuntimes.version(install.javaHome());
    }

    @Override
    public List<RegistryNode> nodes() {
        return List.of(node);
    }
}
