package io.kafkalessons.lesson13;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What lesson 13 observed.
 *
 * @param voters              controller ids in the quorum
 * @param leader              the active controller when the lesson began
 * @param leadersSeen         how many voters reported themselves or were reported as leader at once (must be 1)
 * @param metadataGrowth      the metadata log's high watermark grew when a topic was created
 * @param losses              what killing nodes showed; skipped on a cluster the lesson did not start
 */
public record ControllerResult(List<Integer> voters, int leader, int leadersSeen, boolean metadataGrowth,
                               Part<Losses> losses) implements LessonResult {

    /**
     * The steps that kill nodes.
     *
     * @param fencing   a broker's crash and fencing
     * @param failover  the active controller's crash and what clients noticed
     * @param tolerance per quorum size, how many controller losses it survived
     */
    public record Losses(Fencing fencing, Failover failover, List<Tolerance> tolerance) {
    }

    public Fencing fencing() {
        return losses.value().fencing();
    }

    public Failover failover() {
        return losses.value().failover();
    }

    public List<Tolerance> tolerance() {
        return losses.value().tolerance();
    }

    /**
     * The active controller is killed while a producer keeps writing.
     *
     * @param killed          the controller that was killed
     * @param newLeader       the controller that took over
     * @param millis          time from the kill until the new controller was active
     * @param produced        records the producer sent during the failover
     * @param produceErrors   of those, records whose send failed
     * @param topicCreatedDuringFailover a topic created right after the kill exists afterwards
     */
    public record Failover(int killed, int newLeader, long millis, int produced, int produceErrors,
                           boolean topicCreatedDuringFailover) {
    }

    /**
     * A broker stops heartbeating.
     *
     * @param broker          the broker that was killed
     * @param fencedAfterMillis time until the cluster stopped listing it
     * @param registeredAgain it was listed again after a restart
     */
    public record Fencing(int broker, long fencedAfterMillis, boolean registeredAgain) {
    }

    /**
     * One quorum size.
     *
     * @param voters          controllers in the quorum
     * @param survivedLosses  most controllers killed with metadata changes still possible
     * @param stoppedAtLosses controllers killed when metadata changes stopped
     */
    public record Tolerance(int voters, int survivedLosses, int stoppedAtLosses) {
    }

    @Override
    public String summary() {
        return "voters=" + voters + " activeControllers=" + leadersSeen + " metadataLogGrows=" + metadataGrowth
                + (losses.ran() ? lossesSummary(losses.value()) : " failover=skipped tolerance=skipped");
    }

    private static String lossesSummary(Losses f) {
        Failover failover = f.failover();
        String toleranceText = f.tolerance().stream()
                .map(t -> t.voters() + "voters:survives=" + t.survivedLosses() + ",stopsAt=" + t.stoppedAtLosses())
                .collect(Collectors.joining(" "));
        return " failover=" + failover.killed() + "->" + failover.newLeader()
                + ",produceErrors=" + failover.produceErrors() + ",topicCreated=" + failover.topicCreatedDuringFailover()
                + " fenced=broker" + f.fencing().broker() + ",back=" + f.fencing().registeredAgain()
                + " tolerance=" + toleranceText;
    }

    @Override
    public boolean asExpected() {
        boolean quorumOk = leadersSeen == 1 && voters.contains(leader) && metadataGrowth;
        return quorumOk && losses.okIfRan(this::lossesAsExpected);
    }

    private boolean lossesAsExpected(Losses f) {
        Failover failover = f.failover();
        boolean failoverOk = failover.newLeader() != failover.killed()
                && voters.contains(failover.newLeader()) && failover.produceErrors() == 0
                && failover.topicCreatedDuringFailover();
        boolean toleranceOk = f.tolerance().stream().allMatch(t -> t.survivedLosses() == (t.voters() - 1) / 2
                && t.stoppedAtLosses() == (t.voters() - 1) / 2 + 1);
        return failoverOk && f.fencing().registeredAgain() && toleranceOk;
    }
}
