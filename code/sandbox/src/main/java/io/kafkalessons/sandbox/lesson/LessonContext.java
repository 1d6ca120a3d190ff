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
                            Optional<ZooKeeperEnsemble> zookeeperSandbox, Optional<KafkaCluster> kafkaSandbox,
                            Optional<Faults> commandFaults, int tryThis) {

    /** A context without a {@code --fault-command} or a {@code --try}. */
    public LessonContext(Narrator narrator, String zookeeperConnect, String bootstrapServers, Properties clientConfig,
                         Optional<ZooKeeperEnsemble> zookeeperSandbox, Optional<KafkaCluster> kafkaSandbox) {
        this(narrator, zookeeperConnect, bootstrapServers, clientConfig, zookeeperSandbox, kafkaSandbox, Optional.empty(), 0);
    }

    /** The same context, with faults delivered by a {@code --fault-command}. */
    public LessonContext withCommandFaults(Faults faults) {
        return new LessonContext(narrator, zookeeperConnect, bootstrapServers, clientConfig, zookeeperSandbox, kafkaSandbox,
                Optional.of(faults), tryThis);
    }

    /** The same context, applying the README's "Try this" item {@code number} ({@code --try}); 0 for none. */
    public LessonContext withTry(int number) {
        return new LessonContext(narrator, zookeeperConnect, bootstrapServers, clientConfig, zookeeperSandbox, kafkaSandbox,
                commandFaults, number);
    }

    /**
     * Faults on the sandbox's nodes (Kafka's when the lesson started Kafka, else ZooKeeper's), or through the
     * learner's {@code --fault-command} on a cluster the sandbox did not start, or none.
     */
    public Faults faults() {
        if (commandFaults.isPresent()) {
            return commandFaults.get();
        }
        if (kafkaSandbox.isPresent()) {
            return Faults.of(kafkaSandbox.get());
        }
        return zookeeperSandbox.<Faults>map(Faults::of).orElseGet(() -> Faults.unavailable(
                "it kills or freezes nodes: leave out the address to run it on the sandbox, or give --fault-command"));
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
