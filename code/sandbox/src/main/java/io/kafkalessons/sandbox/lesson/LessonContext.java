package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;

import java.util.Optional;
import java.util.Properties;

/**
 * Where a lesson runs: the addresses of its cluster and the client settings it needs (TLS, SASL: a
 * {@code --command-config} file, or the secured sandbox's own), and the sandbox itself when the lesson
 * started one (so it can show broker disks or kill nodes), plus the narrator.
 */
public record LessonContext(Narrator narrator, String zookeeperConnect, String bootstrapServers, Properties clientConfig,
                            Optional<ZooKeeperEnsemble> zookeeperSandbox, Optional<KafkaCluster> kafkaSandbox) {

    /** Faults on the sandbox's nodes (Kafka's when the lesson started Kafka, else ZooKeeper's), or none. */
    public Faults faults() {
        if (kafkaSandbox.isPresent()) {
            return Faults.of(kafkaSandbox.get());
        }
        return zookeeperSandbox.<Faults>map(Faults::of).orElseGet(() -> Faults.unavailable(
                "it kills or freezes nodes, so it runs only on the sandbox the lesson starts (leave out the address)"));
    }

    public String requireZookeeper() {
        if (zookeeperConnect == null) {
            throw new IllegalStateException("this lesson needs ZooKeeper but none was given");
        }
        return zookeeperConnect;
    }

    public String requireBootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("this lesson needs Kafka but no brokers were given");
        }
        return bootstrapServers;
    }
}
