package io.kafkalessons.lesson25;

import io.kafkalessons.lesson25.ChangingResult.Racks;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Racks: replicas of a new topic are spread so that every rack holds one (a rack, or an
 * availability zone, can fail as a whole), and a consumer that says which rack it is in reads from
 * the replica there, not from the leader (KIP-392), once the brokers run a rack-aware replica selector.
 */
final class RackStep {

    static final String TOPIC = "lesson25-racked";
    static final int PARTITIONS = 4;
    static final int RECORDS = 500;
    static final int RECORD_BYTES = 200;

    private final Admin admin;
    private final String bootstrapServers;
    private final Narrator narrator;

    RackStep(Admin admin, String bootstrapServers, Narrator narrator) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
    }

    /** Every live broker's {@code broker.rack}; a broker without one is left out. */
    static Map<Integer, String> racks(Admin admin) throws Exception {
        Map<Integer, String> rackOf = new TreeMap<>();
        for (Node node : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) {
            if (node.hasRack()) {
                rackOf.put(node.id(), node.rack());
            }
        }
        return rackOf;
    }

    Racks run(Map<Integer, String> rackOf) throws Exception {
        narrator.say("admin", "brokers and their broker.rack: %s", rackOf);
        TopicDescription topic = Topics.recreate(admin, new NewTopic(TOPIC, PARTITIONS, (short) 3));
        Map<Integer, List<Integer>> replicas = new TreeMap<>();
        for (TopicPartitionInfo p : topic.partitions()) {
            List<Integer> ids = p.replicas().stream().map(Node::id).toList();
            replicas.put(p.partition(), ids);
            narrator.say("admin", "%s-%d: replicas %s in racks %s", TOPIC, p.partition(), ids, ids.stream().map(rackOf::get).toList());
        }
        int onAllRacks = Racks.onAllRacks(rackOf, replicas);
        long rackCount = rackOf.values().stream().distinct().count();
        List<Integer> sharing = rackOf.keySet().stream()
                .filter(id -> Collections.frequency(rackOf.values(), rackOf.get(id)) > 1).toList();
        narrator.notice("%d of %d partitions have one replica in each of the %d racks, although brokers %s share a rack:",
                onAllRacks, PARTITIONS, rackCount, sharing);
        narrator.notice("a placement that ignored racks would put some partition's replicas on both, and one rack's outage");
        narrator.notice("would take two of its three copies");

        TopicPartitionInfo first = topic.partitions().get(0);
        int leader = first.leader().id();
        int follower = first.replicas().stream().map(Node::id).filter(id -> id != leader).findFirst().orElseThrow();
        String clientRack = rackOf.get(follower);
        write(first.partition());
        narrator.subStep("a consumer with client.rack=%s reads %s-0, whose leader is broker %d (%s)",
                clientRack, TOPIC, leader, rackOf.get(leader));
        return read(rackOf, replicas, clientRack, leader);
    }

    private void write(int partition) throws Exception {
        Properties props = Clients.producer(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        String value = "v".repeat(RECORD_BYTES);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, partition, "k" + i, value));
            }
            producer.flush();
        }
    }

    private Racks read(Map<Integer, String> rackOf, Map<Integer, List<Integer>> replicas, String clientRack, int leader) {
        Properties props = Clients.consumer(bootstrapServers);
        // tag::client-rack[]
        // The consumer says where it runs; brokers with replica.selector.class=RackAwareReplicaSelector
        // then send its fetches to a replica in that rack.
        props.put(ConsumerConfig.CLIENT_RACK_CONFIG, clientRack);
        // end::client-rack[]
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        int read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read < RECORDS && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            int readReplica = (int) value(consumer.metrics(), "consumer-fetch-manager-metrics", "preferred-read-replica",
                    Map.of("topic", TOPIC, "partition", "0"));
            long fromLeader = bytesFrom(consumer.metrics(), leader);
            long fromReplica = readReplica >= 0 ? bytesFrom(consumer.metrics(), readReplica) : 0;
            if (readReplica < 0) {
                narrator.say("consumer", "read %d records; preferred-read-replica=-1: the leader named no other replica;"
                        + " bytes received from broker %d, the leader: %d", read, leader, fromLeader);
            } else {
                narrator.say("consumer", "read %d records; preferred-read-replica=%d (%s); bytes received from broker %d: %d,"
                        + " from broker %d: %d", read, readReplica, rackOf.get(readReplica), leader, fromLeader, readReplica,
                        fromReplica);
            }
            narrator.notice("the leader answered the first fetch with no records and the id of the replica in the consumer's");
            narrator.notice("rack; every record came from there. Across availability zones, that traffic is what costs money");
            return new Racks(rackOf, replicas, clientRack, leader, readReplica, fromLeader, fromReplica, read);
        }
    }

    private static long bytesFrom(Map<MetricName, ? extends Metric> metrics, int broker) {
        return (long) value(metrics, "consumer-node-metrics", "incoming-byte-total", Map.of("node-id", "node-" + broker));
    }

    private static double value(Map<MetricName, ? extends Metric> metrics, String group, String name, Map<String, String> tags) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name)
                        && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElse(-1);
    }
}
