package io.kafkalessons.lesson10;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What lesson 10 observed, one part per step in the order the steps run. The parts that need
 * brokers paused or killed are {@link Part.Skipped} when the lesson ran against a cluster it did
 * not start.
 *
 * @param layout        who leads the partition, who follows, who is in sync
 * @param highWatermark a follower falls behind; the high watermark waits for it until it leaves the ISR
 * @param tooFew        acks=all with fewer in-sync replicas than min.insync.replicas
 * @param durability    keyed acks=all traffic while partition leaders are killed
 * @param preferred     leadership handed back to the preferred replicas
 * @param unclean       the only surviving replica is out of sync
 * @param twoDown       five brokers, two of them killed
 */
public record ReplicationResult(Layout layout, Part<HighWatermark> highWatermark, Part<TooFewReplicas> tooFew,
                                Durability durability, Preferred preferred, Part<Unclean> unclean,
                                Part<TwoDown> twoDown) implements LessonResult {

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
        if (highWatermark.ran() && tooFew.ran()) {
            HighWatermark hw = highWatermark.value();
            TooFewReplicas few = tooFew.value();
            s.append(" hw:acked=").append(hw.acknowledgedEnd()).append(",visible=")
                    .append(hw.endOffsetWhileLagging()).append("->").append(hw.endOffsetAfter());
            s.append(" acksAll:refused=").append(few.refused()).append('/').append(few.sent()).append(',').append(few.error())
                    .append(" acksOneBelowMinIsr:visible=").append(few.acksOne().endBelowMinIsr() - few.acksOne().endBefore())
                    .append("->").append(few.acksOne().endAfterRejoin() - few.acksOne().endBefore());
        } else {
            s.append(" hw=skipped acksAll=skipped");
        }
        s.append(" durability:acked=").append(durability.acknowledged()).append(",lost=").append(durability.lost())
                .append(",dup=").append(durability.duplicates()).append(",disordered=").append(durability.keysOutOfOrder());
        s.append(" failover=").append(durability.kills().stream().map(f -> f.millis() + "ms").toList());
        s.append(unclean.show(" unclean", u -> ":acked=" + u.acknowledged() + ",lost=" + u.lost()));
        s.append(twoDown.show(" twoDown", t -> ":rf5Accepted=" + t.rf5().stream().filter(Probe::accepted).count()
                + "/" + t.rf5().size() + ",rf3Refused=" + t.rf3Refused().stream().sorted().toList()));
        return s.toString();
    }

    @Override
    public boolean asExpected() {
        boolean durable = durability.acknowledged() == durability.sent() && durability.lost() == 0
                && durability.duplicates() == 0 && durability.keysOutOfOrder() == 0
                && durability.acknowledged() >= ReplicationLesson.MIN_DURABLE_RECORDS;
        boolean hwOk = highWatermark.okIfRan(hw -> hw.endOffsetWhileLagging() < hw.acknowledgedEnd()
                && hw.readWhileLagging() == hw.endOffsetWhileLagging()
                && hw.endOffsetAfter() == hw.acknowledgedEnd()
                && hw.readAfter() == hw.acknowledgedEnd());
        boolean refused = tooFew.okIfRan(few -> few.refused() == few.sent() && few.acceptedWithAcksOne() == few.sent()
                && few.isrAfter().size() == layout.replicas().size()
                && few.acksOne().endBelowMinIsr() == few.acksOne().endBefore()
                && few.acksOne().endAfterRejoin() == few.acksOne().endBefore() + few.sent());
        boolean failovers = (!highWatermark.ran() || !durability.kills().isEmpty()) && preferred.notPreferredAfter() == 0;
        boolean lossy = unclean.okIfRan(u -> u.lost() == u.acknowledged() && u.acknowledged() > 0
                && u.readableAfterRejoin() == 0 && u.preReadable() == u.preRecords());
        boolean fiveNodes = twoDown.okIfRan(t -> t.rf5().stream().allMatch(Probe::accepted) && t.metadataWritable()
                && t.rf3Refused().equals(t.rf3LostTwo()) && !t.rf3LostTwo().isEmpty());
        return durable && hwOk && refused && failovers && lossy && fiveNodes;
    }
}
