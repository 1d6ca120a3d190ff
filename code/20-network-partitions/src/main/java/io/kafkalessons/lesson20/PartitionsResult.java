package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.Map;

/**
 * What lesson 20 showed. Each part needs the sandbox's relays, so on a cluster the lesson did not
 * start each is skipped, with the reason.
 *
 * @param split    a partition leader cut off from the other brokers, with clients on both sides in turn
 * @param follower a follower whose requests no longer reach its leader (a one-way cut)
 * @param shortCut  a leader cut off for less than every timeout
 * @param zookeeper a ZooKeeper leader cut off from both followers, with a Curator leader latch on each side
 */
public record PartitionsResult(Part<Split> split, Part<FollowerCut> follower, Part<ShortCut> shortCut,
                               Part<ZooKeeperCut> zookeeper) implements LessonResult {

    /**
     * @param oldLeader        the leader that was cut off
     * @param newLeader        the leader the majority elected
     * @param failoverMillis   from the cut to the majority's new leader
     * @param fenced           brokers the majority's side reported fenced then
     * @param epochs           the leader epoch before the cut, and the majority's after it
     * @param staleView        what the cut-off broker answered about the partition then: its leader, then its ISR
     * @param oldSideAcks1     records sent to the old leader with acks=1, during the cut
     * @param oldSideAcksAll   records sent to the old leader with acks=all, during the cut
     * @param majorityAcksAll  records sent to the new leader with acks=all, during the cut
     * @param readAfterHeal    records of each kind read from the partition after the heal
     * @param healedIsr        the ISR once the cut-off broker was back
     */
    public record Split(int oldLeader, int newLeader, long failoverMillis, List<Integer> fenced, List<Integer> epochs,
                        List<Integer> staleView, Brokers.Sent oldSideAcks1, Brokers.Sent oldSideAcksAll,
                        Brokers.Sent majorityAcksAll, Map<String, Integer> readAfterHeal, List<Integer> healedIsr) {

        /** Records the old leader acknowledged during the cut that nobody can read afterwards. */
        public int lostAcks1() {
            return oldSideAcks1.acked() - readAfterHeal.getOrDefault(SplitStep.OLD_SIDE_ACKS_1, 0);
        }

        /** Records acknowledged with acks=all anywhere during the cut that nobody can read afterwards. */
        public int lostAcksAll() {
            return oldSideAcksAll.acked() - readAfterHeal.getOrDefault(SplitStep.OLD_SIDE_ACKS_ALL, 0)
                    + majorityAcksAll.acked() - readAfterHeal.getOrDefault(SplitStep.MAJORITY_ACKS_ALL, 0);
        }
    }

    /**
     * @param follower      the follower cut off
     * @param leader        its leader
     * @param endBefore     the high watermark before the cut
     * @param acked         records the leader acknowledged (acks=1) right after the cut
     * @param endWhileInIsr the high watermark right after those, the follower still in the ISR
     * @param outOfIsrMillis from the cut until the follower was out of the ISR
     * @param endAfter      the high watermark once it was out
     * @param fenced        brokers fenced at that moment: the follower is alive and still heartbeats
     * @param backMillis    from the heal until the follower was in the ISR again
     */
    public record FollowerCut(int follower, int leader, long endBefore, int acked, long endWhileInIsr, long outOfIsrMillis,
                              long endAfter, List<Integer> fenced, long backMillis) {
    }

    /**
     * @param leader        the leader cut off
     * @param cutMillis     how long the cut lasted
     * @param firstAckMillis from the start of the cut to the first acknowledgement
     * @param before        leader, leader epoch and ISR size before the cut
     * @param after         the same after the heal
     * @param fencedAfter   brokers fenced after the heal; had the controller fenced the leader, the leader and its epoch would have changed
     * @param writes        acks=all records sent to the leader during the cut
     */
    public record ShortCut(int leader, long cutMillis, long firstAckMillis, List<Integer> before, List<Integer> after,
                           List<Integer> fencedAfter, Brokers.Sent writes) {
    }

    /**
     * Times are milliseconds from the start of the cut.
     *
     * @param oldLeader       the ZooKeeper leader cut off
     * @param newLeader       the leader the two followers elected
     * @param electedMillis   when the new leader served
     * @param writeOutcome    the answer to client A's create, sent to the old leader right after the cut
     * @param writeAnsweredMillis when that answer came
     * @param toldMillis      when client A's connection became SUSPENDED
     * @param latchLostMillis when A's leader latch said it no longer leads
     * @param latchWonMillis  when B's leader latch said it leads
     * @param statesOfA       client A's connection states from the cut until after the heal
     * @param rejoinedAs      the old leader's mode after the heal
     * @param serversWithWrite on how many servers A's create exists after the heal
     */
    public record ZooKeeperCut(int oldLeader, int newLeader, long electedMillis, String writeOutcome, long writeAnsweredMillis,
                               long toldMillis, long latchLostMillis, long latchWonMillis, List<String> statesOfA,
                               String rejoinedAs, int serversWithWrite) {
    }

    @Override
    public String summary() {
        return split.show("split", s -> "=" + s.oldLeader() + "->" + s.newLeader() + ",stale_leader=" + s.staleView().get(0)
                        + ",acks1_lost=" + s.lostAcks1() + "/" + s.oldSideAcks1().acked() + ",acksall_lost=" + s.lostAcksAll())
                + " " + follower.show("follower", f -> "=out_of_isr,fenced=" + !f.fenced().isEmpty()
                        + ",hw_waited=" + (f.endWhileInIsr() == f.endBefore()) + ",back=" + (f.backMillis() >= 0))
                + " " + shortCut.show("short_cut", c -> "=" + (c.before().equals(c.after()) ? "nothing_changed" : "changed")
                        + ",acked=" + c.writes().acked() + "/" + c.writes().sent())
                + " " + zookeeper.show("zookeeper", z -> "=" + z.oldLeader() + "->" + z.newLeader() + ",write=" + z.writeOutcome()
                        + ",kept_on=" + z.serversWithWrite() + ",latch_handover=" + (z.latchLostMillis() < z.latchWonMillis()
                        ? "clean" : "overlap"));
    }

    @Override
    public boolean asExpected() {
        return split.okIfRan(s -> s.newLeader() != s.oldLeader() && s.oldSideAcks1().acked() > 0
                        && s.lostAcks1() == s.oldSideAcks1().acked() && s.lostAcksAll() == 0
                        && s.staleView().get(0) == s.oldLeader() && s.healedIsr().size() == 3)
                && follower.okIfRan(f -> f.fenced().isEmpty() && f.endWhileInIsr() == f.endBefore()
                        && f.endAfter() == f.endBefore() + f.acked() && f.backMillis() >= 0)
                && shortCut.okIfRan(c -> c.before().equals(c.after()) && c.fencedAfter().isEmpty()
                        && c.writes().acked() == c.writes().sent())
                && zookeeper.okIfRan(z -> z.newLeader() != z.oldLeader() && !z.writeOutcome().equals("ok") && z.serversWithWrite() == 0
                        && z.latchLostMillis() >= 0 && z.latchLostMillis() < z.latchWonMillis() && z.rejoinedAs().equals("follower"));
    }
}
