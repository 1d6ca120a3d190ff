package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * The client plumbing every Kafka lesson shares: where the cluster is, String keys and values, and
 * one set of timeouts, plus the security settings of the run ({@code --command-config}). A lesson
 * adds to these only the settings it teaches, each with its reason.
 */
public final class Clients {

    /**
     * A broker on loopback answers in milliseconds; one that does not answer in 3 s is frozen or dead
     * (the lessons do that on purpose), so the client gives up on it and tries another broker.
     */
    public static final int REQUEST_TIMEOUT_MS = 3000;
    /** An admin call, retries included, gives up after 30 s with a clear error instead of Kafka's 60 s. */
    public static final int API_TIMEOUT_MS = 30_000;

    /** The security settings of the run in progress (see {@link #useForThisRun}); empty for a plain cluster. */
    private static volatile Properties securityForThisRun = new Properties();

    private Clients() {
    }

    /**
     * Adds {@code settings} (a {@code --command-config} file, or the secured sandbox's) to every
     * client made until the returned handle is closed, so that every lesson runs on a secured
     * cluster without passing them along itself. One lesson runs at a time in a JVM.
     */
    public static Run useForThisRun(Properties settings) {
        Properties copy = new Properties();
        copy.putAll(settings);
        securityForThisRun = copy;
        return () -> securityForThisRun = new Properties();
    }

    /** The settings {@link #useForThisRun} was given, a copy. */
    public static Properties forThisRun() {
        Properties copy = new Properties();
        copy.putAll(securityForThisRun);
        return copy;
    }

    /** Ends what {@link #useForThisRun} started. */
    @FunctionalInterface
    public interface Run extends AutoCloseable {
        @Override
        void close();
    }

    public static Properties admin(String bootstrapServers) {
        Properties props = forThisRun();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS);
        return props;
    }

    public static Properties producer(String bootstrapServers) {
        Properties props = forThisRun();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        return props;
    }

    public static Properties consumer(String bootstrapServers) {
        Properties props = forThisRun();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS);
        return props;
    }

    /** A consumer in group {@code groupId}. */
    public static Properties consumer(String bootstrapServers, String groupId) {
        Properties props = consumer(bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return props;
    }
}
