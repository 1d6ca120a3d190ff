package io.kafkalessons.lesson16;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How one run of the application is configured: which application (its id names its consumer group
 * and internal topics), which processing guarantee, how often it commits, how many standby copies of
 * its state it keeps. The lesson passes these to each instance's process as {@code key=value} arguments.
 */
record AppSettings(String bootstrapServers, String applicationId, String guarantee, long commitMillis, int standbys) {

    static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;
    static final String EXACTLY_ONCE = StreamsConfig.EXACTLY_ONCE_V2;

    /** The Kafka Streams configuration of one instance, keeping its state in {@code stateDir}. */
    Properties streamsConfig(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // tag::config[]
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        // How often progress is committed: input offsets, and under exactly_once_v2 the transaction.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMillis);
        // Under exactly_once_v2 a transaction is open from one commit to the next, so it may not time out sooner.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) Math.max(10_000, commitMillis));
        // No record cache: every update reaches the changelog and the output at once, so counts are exact to watch.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbys);
        // A killed instance leaves the group after 6 s (the broker's minimum) instead of 45 s.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        // Heartbeats every second instead of every 3 s, so the survivor hears of the rebalance sooner.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        // end::config[]
        return props;
    }

    /** As process arguments. */
    List<String> arguments() {
        return new ArrayList<>(List.of("bootstrap=" + bootstrapServers, "application=" + applicationId,
                "guarantee=" + guarantee, "commit=" + commitMillis, "standbys=" + standbys));
    }

    /** Back from {@link #arguments()}, ignoring other keys. */
    static AppSettings parse(List<String> arguments) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (String argument : arguments) {
            int eq = argument.indexOf('=');
            map.put(argument.substring(0, eq), argument.substring(eq + 1));
        }
        return new AppSettings(map.get("bootstrap"), map.get("application"), map.get("guarantee"),
                Long.parseLong(map.get("commit")), Integer.parseInt(map.get("standbys")));
    }
}
