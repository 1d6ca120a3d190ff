package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.KafkaCluster;

import java.util.function.UnaryOperator;

/**
 * The sandbox a lesson runs on when no external cluster is given.
 *
 * @param zookeeperServers ZooKeeper servers to start, 0 for none
 * @param kafkaBrokers     Kafka brokers to start, 0 for none
 * @param kafkaSetup       anything else the lesson's Kafka sandbox needs (controller layout, broker settings)
 */
public record Needs(int zookeeperServers, int kafkaBrokers, UnaryOperator<KafkaCluster.Builder> kafkaSetup) {

    public static Needs zookeeper(int servers) {
        return new Needs(servers, 0, UnaryOperator.identity());
    }

    public static Needs kafka(int brokers) {
        return new Needs(0, brokers, UnaryOperator.identity());
    }

    /** Brokers plus extra set-up, e.g. {@code b -> b.controllers(1, ControllerPlacement.DEDICATED)}. */
    public static Needs kafka(int brokers, UnaryOperator<KafkaCluster.Builder> setup) {
        return new Needs(0, brokers, setup);
    }

    public boolean zookeeper() {
        return zookeeperServers > 0;
    }

    public boolean kafka() {
        return kafkaBrokers > 0;
    }
}
