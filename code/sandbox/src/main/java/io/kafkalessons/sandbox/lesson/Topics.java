package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.SandboxException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Topic (and group) set-up that every Kafka lesson does first, so that a run can be repeated. */
public final class Topics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Topics() {
    }

    /**
     * Deletes the topic if an earlier run left it, creates it anew and waits until every
     * partition has a leader. Returns its description.
     */
    public static TopicDescription recreate(Admin admin, NewTopic topic) throws Exception {
        String name = topic.name();
        delete(admin, Set.of(name));
        // Right after a delete the name can still be taken on some broker for a moment: retry on TopicExists.
        Poll.until(TIMEOUT, INTERVAL, () -> create(admin, topic), () -> "could not create topic " + name);
        int partitions = topic.numPartitions() > 0 ? topic.numPartitions() : topic.replicasAssignments().size();
        return awaitLeaders(admin, name, partitions);
    }

    /** Waits until the topic has {@code partitions} partitions, each with a leader; returns its description. */
    public static TopicDescription awaitLeaders(Admin admin, String name, int partitions) {
        return Poll.untilMatches(TIMEOUT, INTERVAL,
                () -> admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(name),
                d -> d.partitions().size() == partitions
                        && d.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty()),
                d -> "the " + partitions + " partitions of " + name + " got no leaders");
    }

    /**
     * The topic's description, asked again while calls fail: the admin client may have picked a
     * frozen broker to ask, and such a call only fails after its request timeout.
     */
    public static TopicDescription describe(Admin admin, String name) {
        return Poll.untilMatches(TIMEOUT, Duration.ofMillis(50),
                () -> admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name),
                d -> true, d -> "cannot describe topic " + name);
    }

    /** Deletes the consumer groups an earlier run left, those whose id starts with {@code prefix}. */
    /** The partition's leader, or -1 while it has none. */
    public static int leader(Admin admin, String topic, int partition) {
        Node leader = describe(admin, topic).partitions().get(partition).leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    /**
     * Waits until the partition's description satisfies {@code done}, and returns that description.
     * Use the returned value rather than asking again: the next answer may come from a broker whose
     * metadata is a moment older.
     */
    public static TopicPartitionInfo awaitPartition(Admin admin, String topic, int partition, Duration timeout,
                                                    Predicate<TopicPartitionInfo> done, String failure) {
        AtomicReference<TopicPartitionInfo> seen = new AtomicReference<>();
        Poll.until(timeout, Duration.ofMillis(50), () -> {
            seen.set(describe(admin, topic).partitions().get(partition));
            return done.test(seen.get());
        }, () -> failure);
        return seen.get();
    }

    /** Deletes those of {@code topics} that exist (an earlier run's, say) and waits until none is listed any more. */
    public static void delete(Admin admin, Collection<String> topics) throws Exception {
        Set<String> present = names(admin).stream().filter(topics::contains).collect(java.util.stream.Collectors.toSet());
        if (!present.isEmpty()) {
            admin.deleteTopics(present).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Poll.until(TIMEOUT, INTERVAL, () -> names(admin).stream().noneMatch(present::contains),
                    () -> "topics " + present + " were not deleted");
        }
    }

    /** Partitions of {@code topic} whose ISR is smaller than their replica list: 0 once every replica is in sync. */
    public static int underReplicated(Admin admin, String topic) {
        return (int) describe(admin, topic).partitions().stream().filter(p -> p.isr().size() < p.replicas().size()).count();
    }

    /** The ids of the partition's in-sync replicas. */
    public static List<Integer> isr(Admin admin, String topic, int partition) {
        return describe(admin, topic).partitions().get(partition).isr().stream().map(Node::id).toList();
    }

    public static void deleteGroups(Admin admin, String prefix) throws Exception {
        Set<String> ours = admin.listGroups().all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                .map(g -> g.groupId()).filter(id -> id.startsWith(prefix)).collect(java.util.stream.Collectors.toSet());
        if (!ours.isEmpty()) {
            admin.deleteConsumerGroups(ours).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static Set<String> names(Admin admin) throws Exception {
        return admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static boolean create(Admin admin, NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new SandboxException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
