package io.kafkalessons.sandbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaClusterTest {

    private static final String TOPIC = "sandbox-failover";
    private static final int RECORDS = 200;
    private static KafkaCluster kafka;

    @BeforeAll
    static void startCluster() throws Exception {
        long start = System.nanoTime();
        kafka = KafkaCluster.builder().brokers(3).name("sandbox-kafka-test").start();
        System.out.printf("3-broker Kafka cluster ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        // The partition leader is a node that is not the active controller, so killing it waits for the fence
        // alone, not for a controller election first.
        int controller = kafka.activeController().orElseThrow();
        List<Integer> replicas = List.of(controller % 3 + 1, (controller + 1) % 3 + 1, controller);
        kafka.admin().createTopics(List.of(new NewTopic(TOPIC, Map.of(0, replicas))
                .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("Three brokers, each its own process, with one active controller among the three combined nodes")
    void threeBrokersOneActiveController() {
        assertThat(kafka.brokers()).hasSize(3);
        assertThat(kafka.brokers().stream().map(KafkaNode::pid).distinct()).hasSize(3);
        assertThat(kafka.controllers()).extracting(KafkaNode::id).containsExactly(1, 2, 3);
        assertThat(kafka.activeController()).isPresent();
        assertThat(kafka.activeController().getAsInt()).isBetween(1, 3);
        assertThat(kafka.brokers()).allSatisfy(b -> assertThat(b.logFile()).exists());
    }

    @Test
    @Order(1)
    @DisplayName("The launcher's probe takes a PLAINTEXT listener for what it is (its plaintext request is answered) and counts 3 brokers")
    void probeSeesAPlaintextListener() {
        assertThat(io.kafkalessons.sandbox.lesson.ClusterProbe.kafka(kafka.bootstrapServers())).isEqualTo(3);
    }

    @Test
    @Order(2)
    @DisplayName("Killing a partition's leader (kill -9) makes another replica the leader, and no acknowledged record is lost")
    void killingThePartitionLeaderElectsAnother() throws Exception {
        produce(0, RECORDS);
        int formerLeader = kafka.partitionLeader(TOPIC, 0).orElseThrow();
        kafka.node(formerLeader).kill();

        Duration failover = kafka.awaitNewPartitionLeader(TOPIC, 0, formerLeader, Duration.ofSeconds(30));
        TopicPartitionInfo after = kafka.partition(TOPIC, 0);
        System.out.printf("partition leader moved from %d to %d in %d ms%n", formerLeader, after.leader().id(), failover.toMillis());

        assertThat(after.leader().id()).isNotEqualTo(formerLeader);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(kafka.partition(TOPIC, 0).isr()).extracting(Node::id).doesNotContain(formerLeader));
        produce(RECORDS, RECORDS);
        assertThat(consumeAll()).hasSize(2 * RECORDS);
    }

    @Test
    @Order(3)
    @DisplayName("A killed broker restarts with its data and rejoins the in-sync replicas")
    void restartedBrokerRejoinsTheIsr() {
        KafkaNode stopped = kafka.brokers().stream().filter(b -> !b.isRunning()).findFirst().orElseThrow();
        stopped.restart();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(kafka.partition(TOPIC, 0).isr()).extracting(Node::id).contains(stopped.id()));
    }

    @Test
    @Order(4)
    @DisplayName("A paused broker is frozen (SIGSTOP) and carries on after resume")
    void pauseAndResume() {
        KafkaNode broker = kafka.node(kafka.partitionLeader(TOPIC, 0).orElseThrow() % 3 + 1);
        broker.pause();
        assertThat(broker.state()).isEqualTo(SandboxNode.State.PAUSED);
        broker.resume();
        assertThat(broker.state()).isEqualTo(SandboxNode.State.RUNNING);
        assertThat(kafka.awaitBrokers(3, Duration.ofSeconds(30))).isLessThan(Duration.ofSeconds(30));
    }

    private static void produce(int from, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // All sends in flight at once, then every acknowledgement awaited: one after another took seconds.
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = from; i < from + count; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, "record-" + i)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> consumeAll() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
