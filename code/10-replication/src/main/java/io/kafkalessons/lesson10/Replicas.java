package io.kafkalessons.lesson10;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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


    /** Which brokers a step takes first, on a cluster with fewer controller voters than brokers. */
    enum Order {
        /** Voters first: a step that freezes or kills its later brokers leaves the voters running. */
        VOTERS_FIRST,
        /** Brokers that are not voters first: a step that kills its first brokers spares the voters. */
        VOTERS_LAST
    }

    /**
     * The metadata quorum, asked again while a call fails: this lesson's admin gives a node 1 s to answer,
     * and right after a start, or on a busy machine, the node it picked may take longer (seen once in CI).
     */
    static QuorumInfo quorum(Admin admin) {
        return Poll.untilMatches(Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS), q -> true,
                q -> "no answer about the metadata quorum within 30 s");
    }

    /**
     * Live brokers other than the active controller, so freezing one never moves the controller; in
     * {@code order} when the cluster has brokers that are not controller voters (none on the lesson's
     * sandbox, where all five are, so there the order is by id), so that on another cluster the steps
     * freeze and kill the brokers the metadata quorum can spare.
     */
    static List<Integer> calmBrokers(Admin admin, int count, Order order) throws Exception {
        QuorumInfo quorum = quorum(admin);
        Set<Integer> voters = voters(quorum);
        List<Integer> calm = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id)
                .filter(id -> id != quorum.leaderId())
                .sorted(Comparator.comparing((Integer id) -> voters.contains(id) == (order == Order.VOTERS_LAST))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(count).toList();
        if (calm.size() < count) {
            throw new QuorumAtRisk("it needs " + count + " running brokers besides the active controller, and this cluster has "
                    + calm.size());
        }
        return calm;
    }

    /**
     * Throws {@link QuorumAtRisk} when killing {@code victims} would leave the metadata quorum without a
     * majority of its voters (a cluster the lesson did not start may have 3 voters among 5 brokers):
     * then no controller could fence anyone, and the step would show that instead of what it teaches.
     */
    static void requireQuorumSurvives(Admin admin, List<Integer> victims) throws Exception {
        Set<Integer> voters = voters(quorum(admin));
        long lost = victims.stream().filter(voters::contains).count();
        if (voters.size() - lost <= voters.size() / 2) {
            throw new QuorumAtRisk("killing brokers " + victims + " would take " + lost + " of the " + voters.size()
                    + " controller voters " + voters.stream().sorted().toList() + ", and the metadata quorum with them");
        }
    }

    /** A step this cluster cannot take (it would stop the metadata quorum, or it lacks brokers): skipped with this reason. */
    static final class QuorumAtRisk extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QuorumAtRisk(String reason) {
            super(reason);
        }
    }

    private static Set<Integer> voters(QuorumInfo quorum) {
        return quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).collect(Collectors.toSet());
    }

    static long elapsedMillis(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }
}
