package io.kafkalessons.lesson10;

import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What lesson 10's steps ask the cluster about partitions: leaders, in-sync replicas, end offsets. */
final class Replicas {

    private Replicas() {
    }

    /** Partition to leader id, for the partitions that have a leader. */
    static Map<Integer, Integer> leaders(Admin admin, String topic) {
        return Topics.describe(admin, topic).partitions().stream().filter(p -> p.leader() != null && !p.leader().isEmpty())
                .collect(Collectors.toMap(TopicPartitionInfo::partition, p -> p.leader().id(), (x, y) -> x, TreeMap::new));
    }


    static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** The end offset consumers see: the high watermark. */
    static long endOffset(Admin admin, String topic, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS).offset();
    }

    static boolean fullIsr(Admin admin, String topic) {
        return Topics.underReplicated(admin, topic) == 0;
    }

    /** Partitions led by a replica other than their first (preferred) one. */
    static int notPreferred(TopicDescription d) {
        return (int) d.partitions().stream()
                .filter(p -> p.leader() == null || p.leader().id() != p.replicas().get(0).id()).count();
    }


    /** Live brokers other than the active controller, so freezing one never moves the controller. */
    static List<Integer> calmBrokers(Admin admin, int count) throws Exception {
        int active = KafkaMetadata.activeController(admin).orElse(-1);
        List<Integer> calm = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id).sorted()
                .filter(id -> id != active).limit(count).toList();
        if (calm.size() < count) {
            throw new IllegalStateException("need " + count + " running brokers besides the active controller");
        }
        return calm;
    }

    static long elapsedMillis(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }
}
