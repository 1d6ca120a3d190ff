package io.kafkalessons.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Prometheus JMX exporter as a Java agent on every Kafka node (lesson 24): each node serves its
 * JMX metrics as Prometheus text on {@code http://127.0.0.1:PORT/metrics}, named by {@code config},
 * the exporter's YAML rules. The agent runs inside the node's JVM, as it does in production.
 *
 * @param agentJar the {@code jmx_prometheus_javaagent} jar
 * @param config   the exporter's configuration: which beans, under which names
 */
public record MetricsExporter(Path agentJar, String config) {

    public MetricsExporter {
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("no exporter agent jar at " + agentJar);
        }
    }

    /** The {@code -javaagent} option of one node: the exporter binds to loopback only. */
    String agentOption(int port, Path configFile) {
        return "-javaagent:" + agentJar + "=" + Ports.HOST + ":" + port + ":" + configFile;
    }
}
