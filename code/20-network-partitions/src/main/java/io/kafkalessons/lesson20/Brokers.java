package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The lesson's clients. During a cut, a client reaches only the brokers on its side, so each side
 * gets its own admin client and producers, bootstrapped at that side's brokers only.
 */
final class Brokers implements AutoCloseable {

    /** What a batch of sends came to; {@code firstAnswerNanos} is the {@link System#nanoTime()} of the first answer. */
    record Sent(int sent, int acked, String firstError, long slowestMillis, long firstAnswerNanos) {
    }

    /** Where a partition's log ends for consumers (the high watermark), and the leader epoch the answer came with. */
    record End(long offset, int leaderEpoch) {
    }

    private final Map<Integer, String> addresses;
    private final Map<String, Admin> admins = new HashMap<>();

    Brokers(String bootstrapServers) throws Exception {
        Admin admin = admin(bootstrapServers);
        addresses = new TreeMap<>(admin.describeCluster().nodes().get(Clients.API_TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                .collect(Collectors.toMap(Node::id, n -> n.host() + ":" + n.port())));
    }

    List<Integer> ids() {
        return List.copyOf(addresses.keySet());
    }

    /** The client addresses of these brokers only: a client bootstrapped there starts on their side of a cut. */
    String bootstrap(Collection<Integer> ids) {
        return ids.stream().sorted().map(addresses::get).collect(Collectors.joining(","));
    }

    String all() {
        return bootstrap(ids());
    }

    /** An admin client that starts at these brokers; one per set, kept until {@link #close()}. */
    Admin adminAt(Collection<Integer> ids) {
        return admin(bootstrap(ids));
    }

    private Admin admin(String bootstrap) {
        return admins.computeIfAbsent(bootstrap, b -> Admin.create(Clients.admin(b)));
    }

    int activeController() throws Exception {
        return adminAt(ids()).describeMetadataQuorum().quorumInfo().get(Clients.API_TIMEOUT_MS, TimeUnit.MILLISECONDS).leaderId();
    }

    static TopicPartitionInfo partition(Admin admin, String topic) {
        return Topics.describe(admin, topic).partitions().get(0);
    }

    static List<Integer> isr(TopicPartitionInfo p) {
        return p.isr().stream().map(Node::id).sorted().toList();
    }

    static List<Integer> fenced(Admin admin) throws Exception {
        return admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)).nodes()
                .get(Clients.API_TIMEOUT_MS, TimeUnit.MILLISECONDS).stream().filter(Node::isFenced).map(Node::id).sorted().toList();
    }

    /**
     * Leader, then ISR, of partition 0 as the broker at {@code bootstrap} alone describes it. A new client's first
     * metadata request can only go to its bootstrap broker; an admin client would later pick any broker it knows of,
     * including ones cut off from the clients, and time out there again and again.
     */
    static List<Integer> viewOf(String bootstrap, String topic) {
        Properties props = Clients.consumer(bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            org.apache.kafka.common.PartitionInfo p = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .filter(i -> i.partition() == 0).findFirst().orElseThrow();
            List<Integer> view = new ArrayList<>(List.of(p.leader() == null ? -1 : p.leader().id()));
            java.util.Arrays.stream(p.inSyncReplicas()).map(Node::id).sorted().forEach(view::add);
            return view;
        }
    }

    /** The high watermark of partition 0 as the broker this admin asks sees it. */
    static End end(Admin admin, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        ListOffsetsResultInfo info = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                .get(Clients.API_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return new End(info.offset(), info.leaderEpoch().orElse(-1));
    }

    /**
     * Sends {@code count} records {@code prefix-0..} to partition 0 with {@code acks}, from a producer that starts at
     * {@code bootstrap}, and waits for every answer; a record not acknowledged within {@code deliveryTimeout} fails.
     */
    static Sent send(String bootstrap, String acks, String topic, String prefix, int count, Duration deliveryTimeout)
            throws InterruptedException {
        // acks=1 cannot be idempotent; acks=all is, so that its retries never write a record twice.
        return send(bootstrap, acks, "all".equals(acks), topic, prefix, count, deliveryTimeout);
    }

    /** The same, with idempotence on or off. */
    static Sent send(String bootstrap, String acks, boolean idempotent, String topic, String prefix, int count,
                     Duration deliveryTimeout) throws InterruptedException {
        Properties props = Clients.producer(bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(idempotent));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<String> error = new AtomicReference<>("");
        AtomicLong slowest = new AtomicLong();
        AtomicLong firstAnswer = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch answered = new CountDownLatch(count);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, null, prefix + "-" + i), (metadata, e) -> {
                    long now = System.nanoTime();
                    firstAnswer.accumulateAndGet(now, Math::min);
                    slowest.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(now - start), Math::max);
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        error.compareAndSet("", e.getClass().getSimpleName());
                    }
                    answered.countDown();
                });
            }
            answered.await(deliveryTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            // Never wait on a producer that still has records in flight: what was not answered counts as not acknowledged.
            producer.close(Duration.ofSeconds(5));
        }
        return new Sent(count, acked.get(), error.get(), slowest.get(), firstAnswer.get());
    }

    /** Everything partition 0 holds, read from the start: how many records of each prefix. */
    static Map<String, Integer> readAll(String bootstrap, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<String, Integer> counts = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Clients.consumer(bootstrap))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.forEach(r -> counts.merge(r.value().substring(0, r.value().lastIndexOf('-')), 1, Integer::sum));
        }
        return counts;
    }

    @Override
    public void close() {
        admins.values().forEach(a -> a.close(Duration.ofSeconds(2)));
    }
}
