package io.kafkalessons.lesson21;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Configs;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The lesson's side of the cluster: topics, share-group settings, producing, and share consumers. */
record Broker(String bootstrapServers, Narrator narrator) {

    private static final long TIMEOUT_SECONDS = 30;

    void recreate(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            Topics.recreate(admin, new NewTopic(topic, Optional.of(partitions), Optional.empty()));
        }
    }

    /** Removes groups an earlier run left, so each run starts with fresh share groups and consumer groups. */
    void removeGroups(String prefix) throws Exception {
        try (Admin admin = admin()) {
            Topics.deleteGroups(admin, prefix);
        }
    }

    /** Share-group settings live on the group, set through the Admin API (not on the consumer). */
    void configureGroup(String group, Map<String, String> settings) throws Exception {
        try (Admin admin = admin()) {
            Configs.set(admin, new ConfigResource(ConfigResource.Type.GROUP, group), settings);
        }
    }

    /** A broker setting, as the cluster reports it. */
    String brokerSetting(String name) throws Exception {
        try (Admin admin = admin()) {
            return Configs.broker(admin, name);
        }
    }

    /** Sends {@code count} records {@code job-0}, {@code job-1}, ... spread over the topic's partitions by key. */
    void send(String topic, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "job-" + i));
            }
        }
    }

    /** A share consumer that acknowledges each record itself. */
    KafkaShareConsumer<String, String> shareConsumer(String group, int maxRecords) {
        Properties props = Clients.consumer(bootstrapServers, group);
        // tag::share-consumer[]
        // Each record is acknowledged by the application: ACCEPT, RELEASE or REJECT.
        props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        // At most this many records a poll: the rest stay available to the other consumers.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
        // ... and the broker locks no more than that for it (by default it may lock a whole record batch).
        props.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        // end::share-consumer[]
        return new KafkaShareConsumer<>(props);
    }

    /** Polls every consumer (they fetch nothing yet) until the group shows all of them with a partition. */
    void awaitShareMembers(String group, List<KafkaShareConsumer<String, String>> consumers) {
        Poll.until(Duration.ofSeconds(TIMEOUT_SECONDS), Duration.ofMillis(10), () -> {
            consumers.forEach(c -> c.poll(Duration.ofMillis(100)));
            try (Admin admin = admin()) {
                ShareGroupDescription d = admin.describeShareGroups(List.of(group)).describedGroups().get(group)
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return d.members().size() == consumers.size()
                        && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            }
        }, () -> "the " + consumers.size() + " members of share group " + group + " did not all get a partition");
    }

    /** Members of a consumer group once it is stable; 0 while it rebalances. */
    int consumerGroupMembers(String group) throws Exception {
        try (Admin admin = admin()) {
            var d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return d.groupState() == org.apache.kafka.common.GroupState.STABLE ? d.members().size() : 0;
        }
    }

    private Admin admin() {
        return Admin.create(Clients.admin(bootstrapServers));
    }
}
