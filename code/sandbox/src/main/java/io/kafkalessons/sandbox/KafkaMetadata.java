package io.kafkalessons.sandbox;

import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Two questions about a Kafka cluster that the sandbox and the lessons ask through the Admin API,
 * so they work on any cluster: who the active controller is, and whether the brokers are back.
 */
public final class KafkaMetadata {

    private KafkaMetadata() {
    }

    /** The active controller (the KRaft quorum leader); empty while there is none or no answer within 5 s. */
    public static OptionalInt activeController(Admin admin) {
        try {
            int leader = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS).leaderId();
            return leader < 0 ? OptionalInt.empty() : OptionalInt.of(leader);
        } catch (Exception e) {
            return OptionalInt.empty();
        }
    }

    /** Registered, unfenced brokers right now. */
    public static int brokerCount(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
    }

    /** Waits until {@code count} brokers are registered and unfenced; returns how long it took. */
    public static Duration awaitBrokers(Admin admin, int count, Duration timeout) {
        return Poll.until(timeout, Duration.ofMillis(100), () -> brokerCount(admin) == count,
                () -> count + " brokers did not register within " + timeout.toSeconds() + " s");
    }
}
