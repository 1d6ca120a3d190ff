package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;

import java.util.Optional;

/**
 * Where a lesson runs: the addresses of its cluster, and the sandbox itself when the lesson
 * started one (so it can show broker disks or kill nodes), plus the narrator.
 */
public record LessonContext(Narrator narrator, String zookeeperConnect, String bootstrapServers,
                            Optional<ZooKeeperEnsemble> zookeeperSandbox, Optional<KafkaCluster> kafkaSandbox) {

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
