package io.kafkalessons.lesson09;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records every callback a consumer gets during rebalances (revoked, assigned, lost) with the
 * time it happened, into a timeline shared by all members of a scenario.
 */
final class RebalanceRecorder implements ConsumerRebalanceListener {

    /** What happened to a member's partitions. */
    enum Kind { ASSIGNED, REVOKED, LOST }

    /** One callback: when (ms since the timeline began), who, what, and which partitions. */
    record Event(long atMillis, String member, Kind kind, Set<Integer> partitions) {
    }

    /** The events of all members of one scenario, in the order they happened. */
    static final class Timeline {
        private final long start = System.nanoTime();
        private final List<Event> events = new ArrayList<>();

        synchronized void add(String member, Kind kind, Collection<TopicPartition> partitions) {
            Set<Integer> numbers = new TreeSet<>();
            partitions.forEach(tp -> numbers.add(tp.partition()));
            events.add(new Event(now(), member, kind, numbers));
        }

        long now() {
            return (System.nanoTime() - start) / 1_000_000;
        }

        synchronized List<Event> since(long atMillis) {
            return events.stream().filter(e -> e.atMillis() >= atMillis).toList();
        }

        /** Partitions {@code member} had revoked or lost from {@code atMillis} on (empty callbacks ignored). */
        synchronized Set<Integer> takenFrom(String member, long atMillis) {
            Set<Integer> taken = new TreeSet<>();
            since(atMillis).stream()
                    .filter(e -> e.member().equals(member) && e.kind() != Kind.ASSIGNED)
                    .forEach(e -> taken.addAll(e.partitions()));
            return taken;
        }
    }

    private final String member;
    private final Timeline timeline;

    RebalanceRecorder(String member, Timeline timeline) {
        this.member = member;
        this.timeline = timeline;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        timeline.add(member, Kind.REVOKED, partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        timeline.add(member, Kind.ASSIGNED, partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        timeline.add(member, Kind.LOST, partitions);
    }
}
