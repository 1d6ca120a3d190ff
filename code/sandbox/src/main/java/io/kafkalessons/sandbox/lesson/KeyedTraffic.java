package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.Poll;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A producer that writes numbered records for a fixed set of keys in the background ("key-3" gets
 * 0, 1, 2, ... in order) with acks=all and idempotence, and then checks the topic: every
 * acknowledged record is there, once, and each key's numbers are in order. Lessons 10 and 25 keep
 * it running while they kill or restart brokers.
 */
public final class KeyedTraffic implements AutoCloseable {

    /**
     * What the producer sent and what the topic held afterwards.
     *
     * @param keys           keys written, each numbered from 0
     * @param sent           records sent
     * @param acknowledged   records the cluster acknowledged
     * @param failed         sends that failed
     * @param read           records read back from the topic
     * @param lost           acknowledged records not found
     * @param duplicates     records found more than once
     * @param keysOutOfOrder keys whose numbers were not read in increasing order
     */
    public record Tally(int keys, int sent, int acknowledged, int failed, int read, int lost, int duplicates,
                        int keysOutOfOrder) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Records sent between 50 ms pauses (about 1000 a second): enough traffic, and cores left for the brokers. */
    private static final int BURST = 50;

    private final String bootstrapServers;
    private final String topic;
    private final int keys;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledgedCount = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread sender;
    private volatile boolean running = true;
    private volatile int sent;

    public KeyedTraffic(String bootstrapServers, String topic, int keys) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.keys = keys;
        Properties props = Clients.producer(bootstrapServers);
        // tag::durable-producer[]
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries after a failover cannot duplicate or reorder records: the broker drops a batch it
        // already has and refuses one that arrives out of sequence.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // end::durable-producer[]
        // Fewer, larger requests: the brokers share two cores with everything else here.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        producer = new KafkaProducer<>(props);
        for (int k = 0; k < keys; k++) {
            acknowledged.put(key(k), ConcurrentHashMap.newKeySet());
        }
        sender = new Thread(this::send, "keyed-traffic-" + topic);
        sender.setDaemon(true);
        sender.start();
    }

    private static String key(int k) {
        return "key-" + k;
    }

    private void send() {
        int[] next = new int[keys];
        int count = 0;
        while (running) {
            int k = count % keys;
            int number = next[k]++;
            String key = key(k);
            producer.send(new ProducerRecord<>(topic, key, Integer.toString(number)), (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.get(key).add(number);
                    acknowledgedCount.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            });
            sent = ++count;
            if (count % BURST == 0) {
                sleep(50);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int acknowledgedSoFar() {
        return acknowledgedCount.get();
    }

    /** Waits until at least {@code count} records are acknowledged. */
    public void awaitAcknowledged(int count) {
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> acknowledgedCount.get() >= count,
                () -> "only " + acknowledgedCount.get() + " of " + count + " records were acknowledged");
    }

    /** Stops sending, waits for every outstanding answer, then reads the topic and compares. */
    public Tally finish() throws InterruptedException {
        running = false;
        sender.join(TIMEOUT.toMillis());
        producer.flush();
        int total = sent;
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> acknowledgedCount.get() + failed.get() == total,
                () -> "not every record got an answer");

        Map<String, List<Integer>> read = new HashMap<>();
        int records = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            for (ConsumerRecord<String, String> r : LogReader.readTopic(consumer, topic)) {
                read.computeIfAbsent(r.key(), x -> new ArrayList<>()).add(Integer.parseInt(r.value()));
                records++;
            }
        }
        int lost = 0;
        int duplicates = 0;
        int outOfOrder = 0;
        for (Map.Entry<String, Set<Integer>> e : acknowledged.entrySet()) {
            List<Integer> numbers = read.getOrDefault(e.getKey(), List.of());
            Set<Integer> distinct = new HashSet<>(numbers);
            duplicates += numbers.size() - distinct.size();
            lost += (int) e.getValue().stream().filter(n -> !distinct.contains(n)).count();
            for (int i = 1; i < numbers.size(); i++) {
                if (numbers.get(i) <= numbers.get(i - 1)) {
                    outOfOrder++;
                    break;
                }
            }
        }
        return new Tally(keys, total, acknowledgedCount.get(), failed.get(), records, lost, duplicates, outOfOrder);
    }

    private Properties consumerProperties() {
        Properties props = Clients.consumer(bootstrapServers);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return props;
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}
