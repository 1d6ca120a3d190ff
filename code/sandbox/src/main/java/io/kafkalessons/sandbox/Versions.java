package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions the build uses, as the root pom states them (the build writes them into
 * {@code versions.properties}), so code names a version without writing it a second time.
 */
public final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {
    }

    /** The Kafka the lessons run (KRaft). */
    public static String kafka() {
        return get("kafka");
    }

    /** The last Kafka with ZooKeeper mode, run by lesson 12. */
    public static String legacyKafka() {
        return get("legacy-kafka");
    }

    public static String zookeeper() {
        return get("zookeeper");
    }

    private static String get(String name) {
        String value = VERSIONS.getProperty(name);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("versions.properties has no " + name + ": rebuild with ./mvnw");
        }
        return value;
    }

    private static Properties load() {
        Properties props = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }
}
