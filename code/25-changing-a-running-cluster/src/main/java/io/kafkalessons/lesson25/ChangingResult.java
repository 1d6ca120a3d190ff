package io.kafkalessons.lesson25;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.Map;

/**
 * What lesson 25 showed.
 *
 * @param added   a broker started into the running cluster (sandbox only)
 * @param moves   replicas moved to a broker with and without a throttle
 * @param racks   rack-aware placement and a consumer reading from a replica in its own rack (sandbox only)
 * @param rolling every broker restarted in turn under acks=all traffic (sandbox only)
 */
public record ChangingResult(Part<Added> added, Part<Moves> moves, Part<Racks> racks, Part<Rolling> rolling)
        implements LessonResult {

    /**
     * @param broker         the new broker's id
     * @param joinMs         from its start until the controller counted it as a live broker
     * @param brokersBefore  live brokers before it started
     * @param brokersAfter   live brokers once it had joined
     * @param replicasOnIt   partition replicas it held once it had joined (existing topics do not move by themselves)
     */
    public record Added(int broker, long joinMs, int brokersBefore, int brokersAfter, int replicasOnIt) {
    }

    /**
     * One partition moved by {@code kafka-reassign-partitions}.
     *
     * @param partition      topic-partition
     * @param from           replicas before
     * @param to             replicas after
     * @param bytes          the size of the new copy once complete
     * @param tookMs         from {@code --execute} until the move was complete
     * @param throttleDuring throttle settings in force during the move (broker and topic settings)
     * @param throttleAfter  throttle settings left once {@code --verify}'s cleanup ran
     * @param printed        what the tool printed
     */
    public record Move(String partition, List<Integer> from, List<Integer> to, long bytes, long tookMs,
                       Map<String, String> throttleDuring, Map<String, String> throttleAfter, List<String> printed) {

        /** {@code bytes} over {@code tookMs}: the average rate of the copy, in bytes per second. */
        public double bytesPerSecond() {
            return bytes * 1000.0 / Math.max(1, tookMs);
        }
    }

    /** @param throttle the throttle of the first move, in bytes per second */
    public record Moves(long throttle, Move throttled, Move unthrottled) {
    }

    /**
     * @param rackOf               each broker's {@code broker.rack}
     * @param replicas             the replicas of every partition of a topic created with 3 replicas
     * @param clientRack           the consumer's {@code client.rack}
     * @param leader               the leader of the partition it read
     * @param preferredReadReplica the replica the leader sent it to (the consumer's {@code preferred-read-replica} metric)
     * @param bytesFromLeader      bytes the consumer received from the leader's broker
     * @param bytesFromReplica     bytes it received from the preferred read replica's broker
     * @param recordsRead          records it read
     */
    public record Racks(Map<Integer, String> rackOf, Map<Integer, List<Integer>> replicas,
                        String clientRack, int leader, int preferredReadReplica, long bytesFromLeader, long bytesFromReplica,
                        int recordsRead) {

        /** How many of the partitions have a replica in every rack (in as many racks as they have replicas, if fewer). */
        public int partitionsOnAllRacks() {
            return onAllRacks(rackOf, replicas);
        }

        static int onAllRacks(Map<Integer, String> rackOf, Map<Integer, List<Integer>> replicas) {
            long racks = rackOf.values().stream().distinct().count();
            return (int) replicas.values().stream()
                    .filter(ids -> ids.stream().map(rackOf::get).distinct().count() == Math.min(racks, ids.size())).count();
        }
    }

    /**
     * @param order             the brokers in the order they were restarted (the active controller last)
     * @param controller        the active controller when the restarts began
     * @param restartMs         for each, from the stop until every partition was fully replicated again
     * @param acked             records the producer had acknowledged (acks=all)
     * @param failed            sends that failed
     * @param lost              acknowledged records not found when reading the topic afterwards
     * @param duplicates        records found more than once
     * @param keysOutOfOrder    keys whose records were not read back in the order they were written
     * @param samples           how many times the partitions' leaders were read during the restarts
     * @param offlineSamples    of those, how many found a partition without a leader
     * @param minIsr            the smallest ISR seen
     * @param lastLeads         partitions the broker restarted last leads once the restarts are over
     * @param notPreferred      partitions not led by their first replica after the restarts
     * @param notPreferredAfter the same, after a preferred leader election
     */
    public record Rolling(List<Integer> order, int controller, List<Long> restartMs, long acked, long failed, long lost,
                          long duplicates, long keysOutOfOrder, int samples, int offlineSamples, int minIsr, int lastLeads,
                          int notPreferred, int notPreferredAfter) {
    }

    @Override
    public String summary() {
        return added.show("added", a -> "=broker" + a.broker() + ",brokers:" + a.brokersBefore() + "->" + a.brokersAfter()
                        + ",replicas=" + a.replicasOnIt())
                + " " + moves.show("moves", m -> String.format(":throttle=%d,rate=%.0f,throttledMs=%d,unthrottledMs=%d,leftover=%d",
                        m.throttle(), m.throttled().bytesPerSecond(), m.throttled().tookMs(), m.unthrottled().tookMs(),
                        m.throttled().throttleAfter().size()))
                + " " + racks.show("racks", r -> ":allRacks=" + r.partitionsOnAllRacks() + "/" + r.replicas().size()
                        + ",leader=" + r.leader() + ",readFrom=" + r.preferredReadReplica())
                + " " + rolling.show("rolling", r -> ":order=" + r.order() + ",acked=" + r.acked() + ",failed=" + r.failed()
                        + ",lost=" + r.lost() + ",dup=" + r.duplicates() + ",offline=" + r.offlineSamples() + "/" + r.samples()
                        + ",lastLeads=" + r.lastLeads() + ",notPreferred=" + r.notPreferred() + "->" + r.notPreferredAfter());
    }

    @Override
    public boolean asExpected() {
        return added.okIfRan(a -> a.replicasOnIt() == 0 && a.brokersAfter() == a.brokersBefore() + 1)
                && moves.okIfRan(m -> m.throttled().throttleAfter().isEmpty()
                        && m.throttled().tookMs() > m.unthrottled().tookMs())
                && racks.okIfRan(r -> r.partitionsOnAllRacks() == r.replicas().size()
                        && r.clientRack().equals(r.rackOf().get(r.preferredReadReplica())))
                && rolling.okIfRan(r -> r.lost() == 0 && r.failed() == 0 && r.offlineSamples() == 0 && r.lastLeads() == 0);
    }
}
