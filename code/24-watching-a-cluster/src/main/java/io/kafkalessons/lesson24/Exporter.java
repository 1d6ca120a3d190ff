package io.kafkalessons.lesson24;

import io.kafkalessons.sandbox.MetricsExporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Lesson 24's Prometheus JMX exporter: the agent jar from the build, with the lesson's own rules. */
final class Exporter {

    /** The agent's entry point; its jar is the one the build resolved. */
    private static final String AGENT_CLASS = "io/prometheus/jmx/JavaAgent.class";

    private Exporter() {
    }

    static MetricsExporter forSandbox() {
        return new MetricsExporter(agentJar(), rules());
    }

    /** The exporter's rules, {@code exporter.yml} beside this class: which beans, under which names. */
    static String rules() {
        try (InputStream in = Exporter.class.getResourceAsStream("exporter.yml")) {
            if (in == null) {
                throw new IllegalStateException("exporter.yml is missing from lesson 24's classes");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path agentJar() {
        URL url = ClassLoader.getSystemResource(AGENT_CLASS);
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("the Prometheus JMX exporter jar is not on the classpath (io.prometheus.jmx:"
                    + "jmx_prometheus_javaagent); build the project first");
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        try {
            return Path.of(new URL(file).toURI());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the exporter jar from " + url, e);
        }
    }
}
