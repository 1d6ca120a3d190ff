package io.kafkalessons.sandbox.view;

import io.kafkalessons.sandbox.lesson.Clients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The page's traffic generator: one producer writing about {@link #RECORDS_PER_SECOND} keyed records
 * a second to {@link #TOPIC} (3 partitions, 3 replicas, acks=all, idempotent) and a group of two
 * consumers reading it, so that a kill shows up as stalled high watermarks, a shrinking ISR and a
 * rebalance. It runs only on a cluster the sandbox owns.
 */
final class Traffic implements AutoCloseable {

    static final String TOPIC = "workshop";
    static final String GROUP = "workshop-readers";
    static final int RECORDS_PER_SECOND = 100;

    private final Admin admin;
    private final Properties clientConfig;
    private final String bootstrap;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    private volatile boolean running;

    Traffic(Admin admin, String bootstrap, Properties clientConfig) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.clientConfig = clientConfig;
    }

    boolean running() {
        return running;
    }

    Snapshot.TrafficView view() {
        return new Snapshot.TrafficView(true, running, TOPIC, acknowledged.get(), failed.get(), consumed.get());
    }

    /** Creates the topic if needed (replication factor up to 3, as many brokers as there are) and starts the clients. */
    synchronized void start(int brokers) throws Exception {
        if (running) {
            return;
        }
        short replicas = (short) Math.min(3, Math.max(1, brokers));
        // min.insync.replicas=2 with 3 replicas: acks=all survives one broker down, and refuses at two.
        NewTopic topic = new NewTopic(TOPIC, 3, replicas)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicas >= 3 ? "2" : "1"));
        try {
            admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        running = true;
        threads.add(daemon("view-traffic-producer", this::produce));
        for (int i = 1; i <= 2; i++) {
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(i));
            consumers.add(consumer);
            threads.add(daemon("view-traffic-consumer-" + i, () -> consume(consumer)));
        }
    }

    private Properties producerConfig() {
        Properties props = Clients.producer(bootstrap);
        props.putAll(clientConfig);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "workshop-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Small batches, sent at once: the page shows records arriving, not piling up in the client.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    private Properties consumerConfig(int n) {
        Properties props = Clients.consumer(bootstrap, GROUP);
        props.putAll(clientConfig);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "workshop-reader-" + n);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The consumer rebalance protocol (KIP-848): the group reports an epoch the page can show.
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        // Commit every second, so the page's lag follows the consumers closely (the default is 5 s).
        props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 1000);
        return props;
    }

    private void produce() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            long n = 0;
            while (running) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + (n % 30), "record " + n), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
                n++;
                sleep(1000 / RECORDS_PER_SECOND);
            }
            producer.close(Duration.ofSeconds(2));
        }
    }

    private void consume(KafkaConsumer<String, String> consumer) {
        try (consumer) {
            consumer.subscribe(List.of(TOPIC));
            while (running) {
                consumed.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
            }
        } catch (WakeupException stopped) {
            // stop() woke it up
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the clients (the topic and its records stay). */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        consumers.clear();
    }

    @Override
    public void close() {
        stop();
    }
}
