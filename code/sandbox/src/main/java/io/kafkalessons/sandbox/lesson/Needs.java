package io.kafkalessons.sandbox.lesson;

/** The sandbox a lesson runs on when no external cluster is given. */
public record Needs(int zookeeperServers, int kafkaBrokers) {

    public static Needs zookeeper(int servers) {
        return new Needs(servers, 0);
    }

    public static Needs kafka(int brokers) {
        return new Needs(0, brokers);
    }

    public boolean zookeeper() {
        return zookeeperServers > 0;
    }

    public boolean kafka() {
        return kafkaBrokers > 0;
    }
}
