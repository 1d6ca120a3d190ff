package io.kafkalessons.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A lesson's own program run as separate processes, one JVM an instance (lesson 16 runs a Kafka
 * Streams application this way, so that it can be killed with {@code kill -9} and started again).
 * Each instance has an id from 1, a loopback port of its own and a data folder that survives a kill
 * and a restart, and is deleted, with the processes, on close. {@code Faults.of(apps)} kills and
 * restarts instances by id; nothing starts until the lesson calls {@link #start(int)}.
 */
public final class AppProcesses extends SandboxCluster<AppProcesses.Instance> {

    /** What an instance is started with: its id, its port and its data folder. */
    @FunctionalInterface
    public interface Arguments {
        List<String> of(int id, int port, Path dataFolder);
    }

    private final List<Instance> instances = new ArrayList<>();

    private AppProcesses(String name, String mainClass, int count, Arguments arguments) {
        super(name);
        List<Integer> ports = Ports.take(0, count);
        for (int id = 1; id <= count; id++) {
            instances.add(new Instance(id, mainClass, ports.get(id - 1), arguments, dataRoot().resolve("instance-" + id),
                    logFile("instance-" + id)));
        }
    }

    /** Up to {@code count} instances of {@code mainClass} (on this JVM's classpath), none started yet. */
    public static AppProcesses of(String name, String mainClass, int count, Arguments arguments) {
        return new AppProcesses(name, mainClass, count, arguments);
    }

    /** Starts instance {@code id}; it is the program's job to say when it is ready. */
    public void start(int id) {
        instance(id).start();
    }

    public Instance instance(int id) {
        return instances.get(id - 1);
    }

    @Override
    public List<Instance> nodes() {
        return List.copyOf(instances);
    }

    /** One instance: a child JVM running the lesson's main class. */
    public static final class Instance extends SandboxNode {

        private final String mainClass;
        private final int port;
        private final Arguments arguments;
        private final Path dataFolder;

        private Instance(int id, String mainClass, int port, Arguments arguments, Path dataFolder, Path logFile) {
            super(id, dataFolder, logFile);
            this.mainClass = mainClass;
            this.port = port;
            this.arguments = arguments;
            this.dataFolder = dataFolder;
        }

        /** The loopback port this instance was given, e.g. for an HTTP endpoint. */
        public int port() {
            return port;
        }

        public Path dataFolder() {
            return dataFolder;
        }

        @Override
        public String describe() {
            return "instance " + id();
        }

        @Override
        protected String mainClass() {
            return mainClass;
        }

        @Override
        protected List<String> jvmOptions() {
            // The sandbox's logging settings keep Kafka's client libraries at ERROR; with --verbose they say more.
            return jvmOptions(64, 256, "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=" + SandboxFolders.nodeLogLevel());
        }

        @Override
        protected List<String> arguments() {
            return arguments.of(id(), port, dataFolder);
        }
    }
}
