package io.kafkalessons.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The classpath of the Kafka nodes and ZooKeeper servers: the sandbox's own dependencies, as the
 * build wrote them, instead of whatever the starting JVM runs on. Every lesson and test then starts
 * its nodes on the same jars, so a class-data archive made once serves all of them.
 */
final class NodeClasspath {

    private static final String RESOURCE = "/io/kafkalessons/sandbox/node-classpath.txt";
    private static volatile String cached;

    private NodeClasspath() {
    }

    /** The sandbox's dependency jars; this JVM's classpath if the list is missing or names a jar that is gone. */
    static String get() {
        String c = cached;
        if (c == null) {
            c = read();
            cached = c;
        }
        return c;
    }

    private static String read() {
        try (InputStream in = NodeClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                boolean complete = !listed.isEmpty() && Arrays.stream(listed.split(File.pathSeparator))
                        .allMatch(entry -> Files.isRegularFile(Path.of(entry)));
                if (complete) {
                    return listed;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return System.getProperty("java.class.path");
    }
}
