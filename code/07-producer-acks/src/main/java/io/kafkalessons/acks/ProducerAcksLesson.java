package io.kafkalessons.acks;

import io.kafkalessons.acks.ProducerAcksResult.CallbackRow;
import io.kafkalessons.acks.ProducerAcksResult.Idempotence;
import io.kafkalessons.acks.ProducerAcksResult.LossRow;
import io.kafkalessons.acks.ProducerAcksResult.SpeedRow;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;



import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lesson 7: what the producer's {@code acks} setting buys. Part 1 measures the cost of each
 * setting; part 2 crashes a partition leader whose followers lag and counts acknowledged records
 * that vanish; part 3 shows what the producer is told when a write cannot be made safe.
 */
public final class ProducerAcksLesson {

    public static final List<String> MODES = List.of("0", "1", "all");
    public static final String SPEED_TOPIC = "lesson07-speed";
    public static final String LOSS_TOPIC_PREFIX = "lesson07-crash-acks-";
    public static final String UNSAFE_TOPIC = "lesson07-too-few-replicas";
    public static final String SMALL_TOPIC = "lesson07-small-records";
    static final int SMALL_LIMIT_BYTES = 1024;
    public static final int WARM_UP_RECORDS = 500;
    /** Each acks setting is measured this many times, in rotating order; the lesson reports the medians. */
    public static final int SPEED_ROUNDS = 3;
    public static final int LATENCY_RECORDS = 200;
    public static final int THROUGHPUT_RECORDS = 3000;
    public static final int PRE_RECORDS = 100;
    public static final int CRASH_RECORDS = 1000;
    public static final int CALLBACK_RECORDS = 10;
    /** The broker the crash topics are pinned to as leader (the first replica), and its followers. */
    static final int LEADER = 1;
    static final List<Integer> FOLLOWERS = List.of(2, 3);
    /** A follower's fetch can be parked at the leader for up to 500 ms; wait longer so no fetch is in flight. */
    private static final Duration SETTLE = Duration.ofMillis(1000);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Optional<KafkaCluster> sandbox;
    private final Narrator narrator;

    public ProducerAcksLesson(String bootstrapServers, Optional<KafkaCluster> sandbox, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.sandbox = sandbox;
        this.narrator = narrator;
    }

    public ProducerAcksResult run() throws Exception {
        narrator.intro(
                "acks says when the leader may answer a write: at once (0, no answer at all), after its own",
                "write (1), or after every in-sync replica has it (all). Part 1 shows what each costs, part 2",
                "crashes a leader whose followers lag and counts acknowledged records that vanish.");
        try (Admin admin = Admin.create(adminProperties())) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);

            narrator.step("latency (%d records, one at a time) and throughput (%d at once) of acks=0, 1 and all;"
                    + " %d rounds in rotating order, medians shown", LATENCY_RECORDS, THROUGHPUT_RECORDS, SPEED_ROUNDS);
            Topics.recreate(admin, new NewTopic(SPEED_TOPIC, 1, replicas)
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replicas)))));
            List<SpeedRow> speed = measureSpeedFairly();
            narrator.say("producer", "%-8s %8s %8s %10s %10s %12s", "acks", "sent", "acked", "p50 (us)", "p99 (us)", "records/s");
            for (SpeedRow r : speed) {
                narrator.say("producer", "%-8s %8d %8d %10d %10d %12d", r.acks(), r.sent(), r.acknowledged(),
                        r.p50Micros(), r.p99Micros(), r.recordsPerSecond());
            }
            narrator.notice("acks=0 waits for no answer, acks=1 for the leader's, acks=all for the followers' too. Here all");
            narrator.notice("nodes share one small machine, so the gaps are small and their order can change between runs:");
            narrator.notice("the lesson asserts no order. What acks changes for sure is what survives a crash (step 2).");

            Part<List<LossRow>> loss = sandbox.isPresent() ? Part.ran(crashWhileFollowersLag(admin, sandbox.get()))
                    : narrator.skipStep("crash a leader whose followers lag",
                            "it pauses and kills brokers, which needs the sandbox the lesson starts");

            narrator.step("what the producer's callback says when a write fails");
            List<CallbackRow> callbacks = new ArrayList<>();
            Topics.recreate(admin, new NewTopic(SMALL_TOPIC, 1, replicas)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SMALL_LIMIT_BYTES))));
            narrator.say("admin", "%s accepts batches of at most %d bytes; we send %d-byte records", SMALL_TOPIC,
                    SMALL_LIMIT_BYTES, 2 * SMALL_LIMIT_BYTES);
            callbacks.add(sendAndCollect("record too large", SMALL_TOPIC, "x".repeat(2 * SMALL_LIMIT_BYTES)));
            if (sandbox.isPresent()) {
                callbacks.add(tooFewReplicas(admin, sandbox.get()));
            }
            narrator.notice("a non-retriable error reaches the callback at once; a retriable one is retried quietly");
            narrator.notice("until delivery.timeout.ms runs out. Either way only the callback (or the Future) tells you:");
            narrator.notice("a send() whose result nobody checks can fail without a trace.");
            Idempotence idempotence = idempotenceWithWeakAcks();

            return new ProducerAcksResult(speed, loss, callbacks, idempotence);
        }
    }

    private CallbackRow tooFewReplicas(Admin admin, KafkaCluster kafka) throws Exception {
        int stopped = FOLLOWERS.get(1);
        Topics.recreate(admin, new NewTopic(UNSAFE_TOPIC, Map.of(0, List.of(FOLLOWERS.get(0), LEADER, stopped)))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3")));
        kafka.node(stopped).stop();
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> kafka.partition(UNSAFE_TOPIC, 0).isr().size() == 2,
                () -> "broker " + stopped + " did not leave the ISR");
        narrator.say("admin", "%s needs 3 in-sync replicas (min.insync.replicas=3); broker %d is stopped, so it has 2",
                UNSAFE_TOPIC, stopped);
        try {
            return sendAndCollect("too few in-sync replicas", UNSAFE_TOPIC, "payment");
        } finally {
            kafka.node(stopped).restart();
            kafka.awaitBrokers(3, TIMEOUT);
        }
    }

    /** Sends a few records with a short delivery timeout and reports what their callbacks said. */
    private CallbackRow sendAndCollect(String scenario, String topic, String value) throws Exception {
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<String> error = new AtomicReference<>("none");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(impatientProducerProperties())) {
            for (int i = 0; i < CALLBACK_RECORDS; i++) {
                // tag::callback[]
                producer.send(new ProducerRecord<>(topic, value + "-" + i), (metadata, exception) -> {
                    if (exception != null) {
                        error.compareAndSet("none", exception.getClass().getSimpleName());
                        failed.incrementAndGet();
                    } else {
                        acked.incrementAndGet();
                    }
                });
                // end::callback[]
            }
            Poll.until(TIMEOUT, Duration.ofMillis(20), () -> failed.get() + acked.get() == CALLBACK_RECORDS,
                    () -> "the callbacks did not all complete");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        narrator.say("producer", "%s: %d of %d callbacks reported %s after %d ms; %d acknowledged",
                scenario, failed.get(), CALLBACK_RECORDS, error.get(), millis, acked.get());
        return new CallbackRow(scenario, CALLBACK_RECORDS, failed.get(), acked.get(), error.get(), millis);
    }


    /**
     * Every setting measured {@link #SPEED_ROUNDS} times, the order rotated each round so that no
     * setting always runs first (cold) or last (on a warmer machine); per setting, the median of
     * its rounds.
     */
    private List<SpeedRow> measureSpeedFairly() throws Exception {
        Map<String, List<SpeedRow>> rounds = new LinkedHashMap<>();
        MODES.forEach(acks -> rounds.put(acks, new ArrayList<>()));
        for (int round = 0; round < SPEED_ROUNDS; round++) {
            for (int i = 0; i < MODES.size(); i++) {
                String acks = MODES.get((i + round) % MODES.size());
                rounds.get(acks).add(measureSpeed(acks));
            }
        }
        List<SpeedRow> medians = new ArrayList<>();
        rounds.forEach((acks, rows) -> medians.add(new SpeedRow(acks,
                rows.stream().mapToInt(SpeedRow::sent).sum(), rows.stream().mapToInt(SpeedRow::acknowledged).sum(),
                median(rows.stream().mapToLong(SpeedRow::p50Micros).toArray()),
                median(rows.stream().mapToLong(SpeedRow::p99Micros).toArray()),
                median(rows.stream().mapToLong(SpeedRow::recordsPerSecond).toArray()))));
        return medians;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private SpeedRow measureSpeed(String acks) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(acks))) {
            // Warm up: connections, metadata and the JIT, so the numbers are about acks.
            for (int i = 0; i < WARM_UP_RECORDS; i++) {
                producer.send(new ProducerRecord<>(SPEED_TOPIC, "warm-up-" + i));
            }
            producer.flush();

            // Latency: one record at a time, from send() to the broker's answer.
            long[] micros = new long[LATENCY_RECORDS];
            int acknowledged = 0;
            for (int i = 0; i < LATENCY_RECORDS; i++) {
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(SPEED_TOPIC, "reading-" + i)).get(30, TimeUnit.SECONDS);
                micros[i] = (System.nanoTime() - sentAt) / 1000;
                acknowledged++;
            }
            Arrays.sort(micros);

            // Throughput: many records in flight at once, batched by the producer.
            AtomicInteger acknowledgedInBurst = new AtomicInteger();
            long start = System.nanoTime();
            for (int i = 0; i < THROUGHPUT_RECORDS; i++) {
                producer.send(new ProducerRecord<>(SPEED_TOPIC, "burst-" + i), (m, e) -> {
                    if (e == null) {
                        acknowledgedInBurst.incrementAndGet();
                    }
                });
            }
            producer.flush();
            long elapsed = System.nanoTime() - start;
            return new SpeedRow(acks, LATENCY_RECORDS + THROUGHPUT_RECORDS, acknowledged + acknowledgedInBurst.get(),
                    micros[LATENCY_RECORDS / 2], micros[LATENCY_RECORDS * 99 / 100],
                    THROUGHPUT_RECORDS * 1_000_000_000L / Math.max(1, elapsed));
        }
    }

    private List<LossRow> crashWhileFollowersLag(Admin admin, KafkaCluster kafka) throws Exception {
        narrator.step("one topic per acks setting, each led by broker %d with followers %s", LEADER, FOLLOWERS);
        Map<String, KafkaProducer<String, String>> producers = new LinkedHashMap<>();
        Map<String, AtomicInteger> acknowledged = new LinkedHashMap<>();
        try {
            for (String acks : MODES) {
                String topic = LOSS_TOPIC_PREFIX + acks;
                // acks=all is paired with min.insync.replicas=2, the setting that gives it meaning.
                String minIsr = acks.equals("all") ? "2" : "1";
                Topics.recreate(admin, new NewTopic(topic, Map.of(0, List.of(LEADER, FOLLOWERS.get(0), FOLLOWERS.get(1))))
                        .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(acks));
                producers.put(acks, producer);
                acknowledged.put(acks, new AtomicInteger());
                for (int i = 0; i < PRE_RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, "pre-" + i));
                }
                producer.flush();
            }
            for (String acks : MODES) {
                awaitReplicated(admin, LOSS_TOPIC_PREFIX + acks);
            }
            narrator.say("producers", "wrote %d records to each topic; every replica has them", PRE_RECORDS);

            narrator.line("");
            narrator.subStep("freeze both followers (SIGSTOP), as a long GC pause would, and wait %d ms", SETTLE.toMillis());
            for (int follower : FOLLOWERS) {
                kafka.node(follower).pause();
            }
            Thread.sleep(SETTLE.toMillis());
            narrator.say("sandbox", "brokers %s are frozen; they are still in the ISR, because that takes 4 s to notice", FOLLOWERS);

            narrator.subStep("send %d records with each setting", CRASH_RECORDS);
            for (String acks : MODES) {
                KafkaProducer<String, String> producer = producers.get(acks);
                AtomicInteger count = acknowledged.get(acks);
                for (int i = 0; i < CRASH_RECORDS; i++) {
                    producer.send(new ProducerRecord<>(LOSS_TOPIC_PREFIX + acks, "run-" + i), (m, e) -> {
                        if (e == null) {
                            count.incrementAndGet();
                        }
                    });
                }
            }
            Poll.until(Duration.ofSeconds(2), Duration.ofMillis(20),
                    () -> acknowledged.get("0").get() == CRASH_RECORDS && acknowledged.get("1").get() == CRASH_RECORDS,
                    () -> "acks=0 and acks=1 sends were not acknowledged");
            Thread.sleep(200);
            for (String acks : MODES) {
                narrator.say("producer acks=" + acks, "%d of %d acknowledged so far", acknowledged.get(acks).get(), CRASH_RECORDS);
            }

            narrator.subStep("crash the leader (kill -9 broker %d), then unfreeze the followers", LEADER);
            kafka.node(LEADER).kill();
            for (int follower : FOLLOWERS) {
                kafka.node(follower).resume();
            }
            long crashed = System.nanoTime();
            for (String acks : MODES) {
                kafka.awaitNewPartitionLeader(LOSS_TOPIC_PREFIX + acks, 0, LEADER, TIMEOUT);
            }
            narrator.say("controller", "new leaders elected %.1f s after the crash: %s", (System.nanoTime() - crashed) / 1e9,
                    MODES.stream().map(a -> "acks=" + a + " -> broker "
                            + kafka.partitionLeader(LOSS_TOPIC_PREFIX + a, 0).orElse(-1)).toList());
            Poll.until(TIMEOUT, Duration.ofMillis(50), () -> acknowledged.get("all").get() == CRASH_RECORDS,
                    () -> "the acks=all records were not acknowledged after the failover");
            narrator.say("producer acks=all", "the producer retried against the new leader: %d of %d acknowledged now",
                    acknowledged.get("all").get(), CRASH_RECORDS);
        } finally {
            for (KafkaProducer<String, String> producer : producers.values()) {
                producer.close(Duration.ofSeconds(5));
            }
            for (int follower : FOLLOWERS) {
                if (kafka.node(follower).state() == io.kafkalessons.sandbox.SandboxNode.State.PAUSED) {
                    kafka.node(follower).resume();
                }
            }
        }

        narrator.subStep("read every topic to its end");
        List<LossRow> rows = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            for (String acks : MODES) {
                int readable = (int) LogReader.readTopic(consumer, LOSS_TOPIC_PREFIX + acks).stream()
                        .filter(r -> r.value().startsWith("run-")).count();
                rows.add(new LossRow(acks, CRASH_RECORDS, acknowledged.get(acks).get(), readable));
            }
        }
        narrator.say("consumer", "%-10s %6s %13s %9s %6s", "acks", "sent", "acknowledged", "readable", "lost");
        for (LossRow r : rows) {
            narrator.say("consumer", "%-10s %6d %13d %9d %6d", r.acks(), r.sent(), r.acknowledged(), r.readable(), r.lost());
        }
        narrator.notice("with acks=0 and 1 the producer was told 'done' for records only the dead leader had.");
        narrator.notice("The new leader never saw them, and the old one drops them when it rejoins. With acks=all");
        narrator.notice("(and min.insync.replicas=2) nothing was acknowledged until a surviving replica had it.");

        kafka.node(LEADER).restart();
        kafka.awaitBrokers(3, TIMEOUT);
        narrator.say("sandbox", "broker %d restarted (it rejoins as a follower and truncates what nobody else has)", LEADER);
        return rows;
    }

    /** Waits until the high watermark equals the log end: every in-sync replica has every record. */
    private static void awaitReplicated(Admin admin, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                .partitionResult(tp).get().offset() == PRE_RECORDS, () -> topic + " was not replicated");
    }

    /** acks=1 without enable.idempotence: accepted, idempotence quietly off; with enable.idempotence=true: refused. */
    private Idempotence idempotenceWithWeakAcks() {
        Properties alone = producerProperties("1");
        alone.remove(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        Map<String, Object> asMap = new HashMap<>();
        alone.forEach((k, v) -> asMap.put((String) k, v));
        boolean onWithAcksOneAlone = new ProducerConfig(asMap).getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        narrator.say("producer", "acks=1 alone is accepted, and enable.idempotence quietly becomes %s", onWithAcksOneAlone);
        Properties explicit = producerProperties("1");
        explicit.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> ignored = new KafkaProducer<>(explicit)) {
            narrator.say("producer", "acks=1 with enable.idempotence=true was accepted (it should not be)");
            return new Idempotence(onWithAcksOneAlone, false);
        } catch (KafkaException e) {
            narrator.say("producer", "acks=1 with enable.idempotence=true is refused: %s",
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return new Idempotence(onWithAcksOneAlone, true);
        }
    }

    private Properties adminProperties() {
        Properties props = Clients.admin(bootstrapServers);
        // Calls routed to a frozen broker must give up in seconds, not after a minute.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return props;
    }

    private Properties producerProperties(String acks) {
        Properties props = Clients.producer(bootstrapServers);
        // tag::acks[]
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // acks=0 or 1 alone would switch idempotence off silently; say it, so nobody counts on it.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all"));
        // end::acks[]
        return props;
    }

    private Properties impatientProducerProperties() {
        Properties props = producerProperties("all");
        // Give up on a record after 3 s instead of 2 minutes, so the lesson shows the failure quickly.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
        // delivery.timeout.ms must be at least request.timeout.ms + linger.ms.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    private Properties consumerProperties() {
        Properties props = Clients.consumer(bootstrapServers);
        // No group.id: this reader assigns itself the partitions and commits nothing.
        return props;
    }
}
