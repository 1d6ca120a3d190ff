package io.kafkalessons.replication;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What lesson 10 observed. The parts that need brokers paused or killed are null when the lesson
 * ran against a cluster it did not start.
 *
 * @param layout        step 1: who leads the partition, who follows, who is in sync
 * @param highWatermark step 2: a follower falls behind; the high watermark waits for it until it leaves the ISR
 * @param tooFew        step 3: acks=all with fewer in-sync replicas than min.insync.replicas
 * @param durability    step 4: keyed acks=all traffic while partition leaders are killed
 * @param preferred     step 4: leadership handed back to the preferred replicas
 * @param unclean       step 5: the only surviving replica is out of sync
 * @param twoDown       step 6: five brokers, two of them killed
 */
public record ReplicationResult(Layout layout, HighWatermark highWatermark, TooFewReplicas tooFew,
                                Durability durability, Preferred preferred, Unclean unclean,
                                TwoDown twoDown) implements LessonResult {

    /** One partition's replicas: the first is the preferred leader. */
    public record Layout(String topic, int leader, List<Integer> replicas, List<Integer> isr) {
    }

    /**
     * @param acknowledgedEnd       one past the last offset the leader acknowledged (acks=1)
     * @param endOffsetWhileLagging the end offset consumers see (the high watermark) while the follower is frozen
     * @param readWhileLagging      records a consumer got from offset 0 in that time
     */
    public record HighWatermark(int laggingFollower, long acknowledgedEnd, long endOffsetWhileLagging,
                                int readWhileLagging, long leftIsrAfterMillis, List<Integer> isrAfter,
                                long endOffsetAfter, int readAfter) {
    }

    /**
     * @param isr                 the ISR when the writes were tried
     * @param refused             acks=all records refused, out of {@code sent}
     * @param acceptedWithAcksOne acks=1 records accepted at the same time, out of {@code sent}
     * @param rejoinedAfterMillis from bringing both followers back until the ISR was full again
     */
    public record TooFewReplicas(List<Integer> isr, List<Integer> elr, int sent, int refused, String error,
                                 int acceptedWithAcksOne, Visibility acksOne, long rejoinedAfterMillis,
                                 List<Integer> isrAfter) {
    }

    /**
     * The high watermark around acks=1 writes accepted while the ISR was below min.insync.replicas.
     *
     * @param endBefore         before the writes
     * @param endBelowMinIsr    a second after they were acknowledged, the ISR still too small: unchanged
     * @param endAfterRejoin    once the ISR was full again: the records became readable
     */
    public record Visibility(long endBefore, long endBelowMinIsr, long endAfterRejoin) {
    }

    /** One abrupt kill: the broker, how many partition leaders it took with it, and how long until all had new ones. */
    public record Failover(int broker, int leadersLost, long millis) {
    }

    /** Keyed acks=all traffic checked after the kills. */
    public record Durability(int keys, int sent, int acknowledged, int failed, int read, int lost, int duplicates,
                             int keysOutOfOrder, List<Failover> kills) {
    }

    /** Partitions not led by their preferred replica, before and after a preferred leader election. */
    public record Preferred(int partitions, int notPreferredBefore, int notPreferredAfter) {
    }

    /**
     * @param outOfSync         the follower frozen until it left the ISR; it is the only replica left afterwards
     * @param isrWhileOffline   ISR after the two in-sync replicas died (leader: none)
     * @param elrWhileOffline   eligible leader replicas at that time (KIP-966)
     * @param offlineError      what a producer got while the partition was offline
     * @param newLeader         the leader after the unclean election
     * @param readable          acknowledged records a consumer can read after it
     * @param readableAfterRejoin the same once the two killed replicas are back in the ISR
     */
    public record Unclean(int outOfSync, long leftIsrAfterMillis, int preRecords, int preReadable, int acknowledged,
                          List<Integer> isrWhileOffline, List<Integer> elrWhileOffline, String offlineError,
                          int newLeader, int readable, int readableAfterRejoin) {

        public int lost() {
            return acknowledged - readable;
        }
    }

    /** One partition probed with a single acks=all write (no retries) while two brokers are down. */
    public record Probe(String topic, int partition, List<Integer> replicas, List<Integer> isr, String outcome) {

        public boolean accepted() {
            return outcome.equals("accepted");
        }

        public String name() {
            return topic + "-" + partition;
        }
    }

    /** Five brokers (each also a controller), two killed. */
    public record TwoDown(List<Integer> killed, int voters, int activeController, boolean metadataWritable,
                          List<Probe> rf5, List<Probe> rf3) {

        /** The RF=3 partitions that had both killed brokers among their replicas. */
        public Set<String> rf3LostTwo() {
            return rf3.stream().filter(p -> p.replicas().containsAll(killed)).map(Probe::name).collect(Collectors.toSet());
        }

        public Set<String> rf3Refused() {
            return rf3.stream().filter(p -> !p.accepted()).map(Probe::name).collect(Collectors.toSet());
        }
    }

    @Override
    public String summary() {
        StringBuilder s = new StringBuilder("leader=" + layout.leader() + " isr=" + layout.isr());
        if (highWatermark != null) {
            s.append(" hw:acked=").append(highWatermark.acknowledgedEnd()).append(",visible=")
                    .append(highWatermark.endOffsetWhileLagging()).append("->").append(highWatermark.endOffsetAfter());
            s.append(" acksAll:refused=").append(tooFew.refused()).append('/').append(tooFew.sent())
                    .append(',').append(tooFew.error())
                    .append(" acksOneBelowMinIsr:visible=").append(tooFew.acksOne().endBelowMinIsr() - tooFew.acksOne().endBefore())
                    .append("->").append(tooFew.acksOne().endAfterRejoin() - tooFew.acksOne().endBefore());
        }
        s.append(" durability:acked=").append(durability.acknowledged()).append(",lost=").append(durability.lost())
                .append(",dup=").append(durability.duplicates()).append(",disordered=").append(durability.keysOutOfOrder());
        s.append(" failover=").append(durability.kills().stream().map(f -> f.millis() + "ms").toList());
        if (unclean != null) {
            s.append(" unclean:acked=").append(unclean.acknowledged()).append(",lost=").append(unclean.lost());
            s.append(" twoDown:rf5Accepted=").append(twoDown.rf5().stream().filter(Probe::accepted).count())
                    .append('/').append(twoDown.rf5().size())
                    .append(",rf3Refused=").append(twoDown.rf3Refused().stream().sorted().toList());
        }
        return s.toString();
    }

    @Override
    public boolean asExpected() {
        boolean durable = durability.acknowledged() == durability.sent() && durability.lost() == 0
                && durability.duplicates() == 0 && durability.keysOutOfOrder() == 0
                && durability.acknowledged() >= ReplicationLesson.MIN_DURABLE_RECORDS;
        if (highWatermark == null) {
            return durable;
        }
        boolean hw = highWatermark.endOffsetWhileLagging() < highWatermark.acknowledgedEnd()
                && highWatermark.readWhileLagging() == highWatermark.endOffsetWhileLagging()
                && highWatermark.endOffsetAfter() == highWatermark.acknowledgedEnd()
                && highWatermark.readAfter() == highWatermark.acknowledgedEnd();
        boolean refused = tooFew.refused() == tooFew.sent() && tooFew.acceptedWithAcksOne() == tooFew.sent()
                && tooFew.isrAfter().size() == layout.replicas().size()
                && tooFew.acksOne().endBelowMinIsr() == tooFew.acksOne().endBefore()
                && tooFew.acksOne().endAfterRejoin() == tooFew.acksOne().endBefore() + tooFew.sent();
        boolean failovers = !durability.kills().isEmpty() && preferred.notPreferredAfter() == 0;
        boolean lossy = unclean.lost() == unclean.acknowledged() && unclean.acknowledged() > 0
                && unclean.readableAfterRejoin() == 0 && unclean.preReadable() == unclean.preRecords();
        boolean fiveNodes = twoDown.rf5().stream().allMatch(Probe::accepted) && twoDown.metadataWritable()
                && twoDown.rf3Refused().equals(twoDown.rf3LostTwo()) && !twoDown.rf3LostTwo().isEmpty();
        return durable && hw && refused && failovers && lossy && fiveNodes;
    }
}
