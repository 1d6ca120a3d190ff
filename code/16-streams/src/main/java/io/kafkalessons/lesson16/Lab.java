package io.kafkalessons.lesson16;

import io.kafkalessons.lesson16.ViewLog.View;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Offsets;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;

import java.time.Duration;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The lesson's side of the cluster: it makes each application's topics, sends the views, and reads
 * what the application wrote, as any client would. The applications themselves run elsewhere.
 */
record Lab(String bootstrapServers, Narrator narrator) {

    /** Partitions of the input topics; the application gets as many tasks per sub-topology. */
    static final int PARTITIONS = 2;
    private static final long TIMEOUT_SECONDS = 30;
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Removes every topic and group an earlier run of the lesson left (names starting with
     * {@code prefix}), then creates each application's inputs (co-partitioned, for the join) and
     * outputs (one partition each), all in one request.
     */
    void createTopics(String prefix, List<ViewsTopology.Names> applications) throws Exception {
        try (Admin admin = admin()) {
            Topics.delete(admin, ours(admin, prefix));
            Topics.deleteGroups(admin, prefix);
            List<NewTopic> topics = new ArrayList<>();
            for (ViewsTopology.Names names : applications) {
                topics.add(new NewTopic(names.views(), Optional.of(PARTITIONS), Optional.empty()));
                topics.add(new NewTopic(names.users(), Optional.of(PARTITIONS), Optional.empty()));
                names.outputs().forEach(output -> topics.add(new NewTopic(output, Optional.of(1), Optional.empty())));
            }
            admin.createTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (NewTopic topic : topics) {
                Topics.awaitLeaders(admin, topic.name(), topic.numPartitions());
            }
        }
    }

    private static Set<String> ours(Admin admin, String prefix) throws Exception {
        return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
    }

    /** The users table's rows, stamped a minute before the first of {@code views} so the join finds them. */
    void sendUsers(ViewsTopology.Names names, List<View> views) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers))) {
            long stamp = views.get(0).timestamp() - 60_000;
            ViewLog.COUNTRIES.forEach((user, country) ->
                    producer.send(new ProducerRecord<>(names.users(), null, stamp, user, country)));
        }
    }

    void sendViews(ViewsTopology.Names names, List<View> views) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers))) {
            views.forEach(v -> producer.send(new ProducerRecord<>(names.views(), null, v.timestamp(), v.user(), v.path())));
        }
    }

    /** The last count per key in a topic of counts, as a reader that sees only committed records. */
    Map<String, Long> latestCounts(String topic) {
        java.util.Properties props = Clients.consumer(bootstrapServers);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        // Records of aborted transactions (and of open ones) stay invisible, as to any careful reader.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> latest = new TreeMap<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(props)) {
            LogReader.readTopic(consumer, topic).forEach(r -> latest.put(r.key(), r.value()));
        }
        return latest;
    }

    /** The log end offset of one partition. */
    long endOffset(String topic, int partition) throws Exception {
        try (Admin admin = admin()) {
            return Offsets.end(admin, new TopicPartition(topic, partition));
        }
    }

    /** Records in a topic, all partitions, counted up to the log end (uncommitted ones included). */
    long endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions();
            return Offsets.ends(admin, partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList()).values()
                    .stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * How many records the application has not yet committed, summed over the partitions of
     * {@code topics} (each with the number of commit markers expected at its end, which no reader
     * consumes): 0 once it has processed everything.
     */
    long behind(String applicationId, Map<String, Integer> topics) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> committed = Offsets.committed(admin, applicationId);
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics.keySet()).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((topic, d) ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            long behind = 0;
            for (var end : Offsets.ends(admin, partitions).entrySet()) {
                long position = committed.getOrDefault(end.getKey(), 0L);
                long markers = end.getValue() == 0 ? 0 : topics.get(end.getKey().topic());
                behind += Math.max(0, end.getValue() - markers - position);
            }
            return behind;
        }
    }

    /**
     * Waits until the application has committed every record of its inputs and of its repartition
     * topic ({@code markers}: 1 when written with transactions, see {@link #behind}); {@code alive}
     * throws if one of its processes ended.
     */
    void awaitProcessed(ViewsTopology.Names names, int markers, Runnable alive) {
        String repartition = names.app() + "-" + ViewsTopology.BY_PAGE + "-repartition";
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
        Poll.until(PROCESSING_TIMEOUT, Duration.ofMillis(100), () -> {
            alive.run();
            last.set(behind(names.app(), Map.of(names.views(), 0, names.users(), 0, repartition, markers)));
            return last.get() == 0;
        }, () -> names.app() + " did not process every view within " + PROCESSING_TIMEOUT.toSeconds() + " s ("
                + last.get() + " records not committed)");
    }

    /** The offsets the application's group has committed, summed over all partitions it reads. */
    long committed(String applicationId) throws Exception {
        try (Admin admin = admin()) {
            return Offsets.committed(admin, applicationId).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The topics Kafka Streams made for the application: its repartition and changelog topics. */
    Set<String> internalTopics(String applicationId) throws Exception {
        try (Admin admin = admin()) {
            Set<String> internal = new HashSet<>();
            for (String name : admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (name.startsWith(applicationId + "-") && (name.endsWith("-changelog") || name.endsWith("-repartition"))) {
                    internal.add(name);
                }
            }
            return new java.util.TreeSet<>(internal);
        }
    }

    private Admin admin() {
        return Admin.create(Clients.admin(bootstrapServers));
    }
}
