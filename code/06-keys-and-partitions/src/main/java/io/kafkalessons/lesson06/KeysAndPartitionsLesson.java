package io.kafkalessons.lesson06;

import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 6: the producer picks a record's partition from its key, so records with the same key
 * share a partition and keep their order; records without a key are spread in sticky batches;
 * adding partitions moves keys; and a custom partitioner can decide differently.
 */
public final class KeysAndPartitionsLesson {

    public static final String KEYED_TOPIC = "lesson06-keyed";
    public static final String NULL_KEY_TOPIC = "lesson06-null-keys";
    public static final String CUSTOM_TOPIC = "lesson06-custom";
    public static final int PARTITIONS = 3;
    public static final int GROWN_PARTITIONS = 6;
    public static final int KEYS = 50;
    public static final int RECORDS_PER_KEY = 60;
    public static final int NULL_KEY_RECORDS = 6000;
    public static final int VIP_KEYS = 4;
    public static final int OTHER_KEYS = 16;
    private static final int CUSTOM_RECORDS_PER_KEY = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Narrator narrator;
    private final int keys;
    private final Class<?> keylessPartitioner;

    public KeysAndPartitionsLesson(String bootstrapServers, Narrator narrator) {
        this(bootstrapServers, narrator, KEYS, null);
    }

    /**
     * @param keys               how many keys step 2 sends ({@link #KEYS}; "Try this" 1 sends 2)
     * @param keylessPartitioner the partitioner for records without a key, null for the producer's own ("Try this" 2:
     *                           {@code RoundRobinPartitioner})
     */
    public KeysAndPartitionsLesson(String bootstrapServers, Narrator narrator, int keys, Class<?> keylessPartitioner) {
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.keys = keys;
        this.keylessPartitioner = keylessPartitioner;
    }

    static String key(int i) {
        return String.format("customer-%02d", i);
    }

    /** The default partitioner's choice for a key, written out. */
    static int partitionFor(String key, int partitions) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        // tag::formula[]
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
        // end::formula[]
    }

    public KeysAndPartitionsResult run() throws Exception {
        narrator.intro(
                "The producer, not the broker, chooses each record's partition. With a key it hashes the key;",
                "without one it fills a batch for one partition, then moves on.",
                "Watch for: every record of a key in one partition and in order, null keys sent in long runs,",
                "and keys that move when the topic gets more partitions.");
        try (Admin admin = Admin.create(adminProperties())) {
            createTopics(admin);
            Spread spread = sendKeyed();

            narrator.step("read %s back and check each key's order", KEYED_TOPIC);
            int outOfOrder = keysOutOfOrder();
            narrator.say("consumer", "keys whose records came back out of order: %d of %d", outOfOrder, keys);
            narrator.notice("order holds per partition, so per key; there is no order across partitions.");

            NullKeys nullKeys = sendWithoutKeys();
            Moves moves = grow(admin, spread.partitionsOfKey());

            narrator.step("a custom partitioner: %d vip- keys to partition %d, %d other keys spread over the rest",
                    VIP_KEYS, VipPartitioner.VIP_PARTITION, OTHER_KEYS);
            Misrouted custom = sendWithVipPartitioner();
            narrator.say("producer", "vip- records outside partition %d: %d; other records in partition %d: %d",
                    VipPartitioner.VIP_PARTITION, custom.vipElsewhere(), VipPartitioner.VIP_PARTITION, custom.othersInVip());

            return new KeysAndPartitionsResult(keys * RECORDS_PER_KEY, spread.partitionsOfKey().size(), spread.perPartition(),
                    spread.misplaced(), spread.split(), outOfOrder, NULL_KEY_RECORDS, nullKeys.runs(), nullKeys.partitionsUsed(),
                    Set.copyOf(moves.moved()), Set.copyOf(moves.expected()), custom.vipElsewhere(), custom.othersInVip());
        }
    }

    private void createTopics(Admin admin) throws Exception {
        int brokers = admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();
        short replicas = (short) Math.min(3, brokers);
        narrator.step("create %s, %s and %s with %d partitions each", KEYED_TOPIC, NULL_KEY_TOPIC, CUSTOM_TOPIC, PARTITIONS);
        for (String topic : List.of(KEYED_TOPIC, NULL_KEY_TOPIC, CUSTOM_TOPIC)) {
            Topics.recreate(admin, new NewTopic(topic, PARTITIONS, replicas));
        }
    }

    /**
     * Where the keyed records went: each key's partitions, records per partition, records not where
     * the formula says, and keys found in more than one partition.
     */
    private record Spread(Map<String, Set<Integer>> partitionsOfKey, Map<Integer, Integer> perPartition, int misplaced,
                          int split) {
    }

    private Spread sendKeyed() throws Exception {
        narrator.step("send %d records for %d keys (%d per key) with the default partitioner",
                keys * RECORDS_PER_KEY, keys, RECORDS_PER_KEY);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int seq = 0; seq < RECORDS_PER_KEY; seq++) {
            for (int k = 0; k < keys; k++) {
                records.add(new ProducerRecord<>(KEYED_TOPIC, key(k), key(k) + "#" + seq));
            }
        }
        List<RecordMetadata> sent = send(records, null);
        Map<String, Set<Integer>> partitionsOfKey = new TreeMap<>();
        Map<Integer, Integer> perPartition = new TreeMap<>();
        int misplaced = 0;
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).key();
            int partition = sent.get(i).partition();
            partitionsOfKey.computeIfAbsent(key, x -> new HashSet<>()).add(partition);
            perPartition.merge(partition, 1, Integer::sum);
            misplaced += partition != partitionFor(key, PARTITIONS) ? 1 : 0;
        }
        for (int k = 0; k < 5; k++) {
            int hash = Utils.murmur2(key(k).getBytes(StandardCharsets.UTF_8));
            narrator.say("producer", "%s: murmur2 = %11d, positive mod %d = %d, landed in %s", key(k), hash, PARTITIONS,
                    partitionFor(key(k), PARTITIONS), partitionsOfKey.get(key(k)));
        }
        int split = (int) partitionsOfKey.values().stream().filter(s -> s.size() > 1).count();
        narrator.say("producer", "records per partition: %s; keys found in more than one partition: %d", perPartition, split);
        narrator.say("producer", "records not where the formula says: %d", misplaced);
        narrator.notice("the spread is uneven: a partition gets whole keys, so a busy key makes a busy partition.");
        return new Spread(partitionsOfKey, perPartition, misplaced, split);
    }

    /** Keys that moved to another partition when the topic grew, and the keys the formula says should. */
    private record Moves(Set<String> moved, Set<String> expected) {
    }

    private Moves grow(Admin admin, Map<String, Set<Integer>> partitionsOfKey) throws Exception {
        narrator.step("grow %s from %d to %d partitions, then send one more record per key", KEYED_TOPIC,
                PARTITIONS, GROWN_PARTITIONS);
        admin.createPartitions(Map.of(KEYED_TOPIC, NewPartitions.increaseTo(GROWN_PARTITIONS)))
                .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Topics.awaitLeaders(admin, KEYED_TOPIC, GROWN_PARTITIONS);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            records.add(new ProducerRecord<>(KEYED_TOPIC, key(k), key(k) + "#" + RECORDS_PER_KEY));
        }
        List<RecordMetadata> sent = send(records, null);
        Set<String> moved = new TreeSet<>();
        Set<String> expectedToMove = new TreeSet<>();
        for (int k = 0; k < keys; k++) {
            int before = partitionsOfKey.get(key(k)).iterator().next();
            int after = sent.get(k).partition();
            if (after != before && moved.add(key(k)) && moved.size() <= 3) {
                narrator.say("producer", "%s was in partition %d, now goes to partition %d", key(k), before, after);
            }
            if (partitionFor(key(k), PARTITIONS) != partitionFor(key(k), GROWN_PARTITIONS)) {
                expectedToMove.add(key(k));
            }
        }
        narrator.say("producer", "%d of %d keys moved (the formula predicts %d, %s)", moved.size(), keys,
                expectedToMove.size(), moved.equals(expectedToMove) ? "the same keys" : "but other keys");
        narrator.notice("a moved key has old records in one partition and new ones in another: readers may see");
        narrator.notice("them out of order. Choose the partition count up front when key order matters.");
        return new Moves(moved, expectedToMove);
    }

    /** Sends the records with a new producer ({@code partitioner} null: the default one); their metadata, in order. */
    private List<RecordMetadata> send(List<ProducerRecord<String, String>> records, Class<?> partitioner) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(partitioner))) {
            return sendAll(producer, records);
        }
    }

    private static List<RecordMetadata> sendAll(KafkaProducer<String, String> producer,
                                                List<ProducerRecord<String, String>> records) throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (ProducerRecord<String, String> r : records) {
            futures.add(producer.send(r));
        }
        List<RecordMetadata> sent = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            sent.add(f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        return sent;
    }

    private int keysOutOfOrder() {
        Map<String, Integer> lastSeq = new HashMap<>();
        Set<String> outOfOrder = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            for (ConsumerRecord<String, String> r : LogReader.readTopic(consumer, KEYED_TOPIC)) {
                int seq = Integer.parseInt(r.value().substring(r.value().indexOf('#') + 1));
                Integer previous = lastSeq.put(r.key(), seq);
                if (previous != null && seq != previous + 1) {
                    outOfOrder.add(r.key());
                }
            }
        }
        return outOfOrder.size();
    }

    /** Records without a key: how many runs (records in a row to one partition) they made, over how many partitions. */
    private record NullKeys(int runs, int partitionsUsed) {
    }

    private NullKeys sendWithoutKeys() throws Exception {
        narrator.step("send %d records without a key", NULL_KEY_RECORDS);
        String padding = "x".repeat(80);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < NULL_KEY_RECORDS; i++) {
            records.add(new ProducerRecord<>(NULL_KEY_TOPIC, null, String.format("event-%05d-", i) + padding));
        }
        List<Integer> partitions = send(records, keylessPartitioner).stream().map(RecordMetadata::partition).toList();
        List<Run> runs = Run.of(partitions);
        int used = new HashSet<>(partitions).size();
        StringBuilder firstRuns = new StringBuilder();
        runs.stream().limit(6).forEach(r -> firstRuns.append(" p").append(r.partition()).append(" x").append(r.length()));
        narrator.say("producer", "in send order:%s ...", firstRuns);
        narrator.say("producer", "%d runs for %d records (%.0f in a row on average), %d partitions used",
                runs.size(), NULL_KEY_RECORDS, (double) NULL_KEY_RECORDS / runs.size(), used);
        narrator.notice("without a key the producer sticks to one partition until a batch is full: fewer, bigger batches.");
        return new NullKeys(runs.size(), used);
    }

    /** Records the custom partitioner put where they do not belong. */
    record Misrouted(int vipElsewhere, int othersInVip) {
    }

    private Misrouted sendWithVipPartitioner() throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < CUSTOM_RECORDS_PER_KEY; i++) {
            for (int k = 0; k < VIP_KEYS; k++) {
                records.add(new ProducerRecord<>(CUSTOM_TOPIC, VipPartitioner.VIP_PREFIX + k, "order " + i));
            }
            for (int k = 0; k < OTHER_KEYS; k++) {
                records.add(new ProducerRecord<>(CUSTOM_TOPIC, key(k), "order " + i));
            }
        }
        int vipElsewhere = 0;
        int othersInVip = 0;
        List<RecordMetadata> sent = send(records, VipPartitioner.class);
        for (int i = 0; i < records.size(); i++) {
            boolean vip = records.get(i).key().startsWith(VipPartitioner.VIP_PREFIX);
            boolean inVipPartition = sent.get(i).partition() == VipPartitioner.VIP_PARTITION;
            vipElsewhere += vip && !inVipPartition ? 1 : 0;
            othersInVip += !vip && inVipPartition ? 1 : 0;
        }
        return new Misrouted(vipElsewhere, othersInVip);
    }

    private Properties adminProperties() {
        return Clients.admin(bootstrapServers);
    }

    private Properties producerProperties(Class<?> partitioner) {
        Properties props = Clients.producer(bootstrapServers);
        if (partitioner != null) {
            // Replace the built-in partitioner with our own class.
            props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner);
        }
        return props;
    }

    /** No group.id: this reader assigns itself every partition and commits nothing. */
    private Properties consumerProperties() {
        return Clients.consumer(bootstrapServers);
    }
}
