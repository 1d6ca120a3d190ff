package io.kafkalessons.sandbox;

/**
 * Main class of a sandbox Kafka node's JVM: {@code KafkaNodeMain <clusterId> <server.properties>}.
 *
 * <p>It formats the node's storage (a no-op when already formatted, so restarts keep their data)
 * and then runs {@code kafka.Kafka}, the same entry point as {@code kafka-server-start.sh}.
 */
public final class KafkaNodeMain {

    private KafkaNodeMain() {
    }

    public static void main(String[] args) {
        String clusterId = args[0];
        String config = args[1];
        int formatted = kafka.tools.StorageTool.execute(
                new String[] {"format", "--cluster-id", clusterId, "--config", config, "--ignore-formatted"},
                System.out);
        if (formatted != 0) {
            System.err.println("sandbox: formatting the storage failed with exit code " + formatted);
            System.exit(formatted);
        }
        kafka.Kafka.main(new String[] {config});
    }
}
