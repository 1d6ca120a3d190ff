package io.kafkalessons.quorum;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What lesson 4 observed.
 *
 * @param externalWrite     a write to the ensemble given with --zookeeper (or to the lesson's own) succeeded
 * @param ensembles         per ensemble, how many server losses writes survived; empty when the lesson
 *                          could not start its own ensembles
 * @param killedLeader      the leader killed in the 3-server ensemble
 * @param newLeader         the server that took over
 * @param reElectionMillis  time from the kill until a new leader served
 * @param staleRead         a follower held behind the leader: what its client read, and what sync did;
 *                          null when the lesson could not start its own ensemble
 */
public record QuorumResult(boolean externalWrite, List<Tolerance> ensembles, int killedLeader, int newLeader,
                           long reElectionMillis, StaleRead staleRead) implements LessonResult {

    /**
     * @param staleValue          what a client of the follower read after another client's write of v2 succeeded
     * @param syncDoneWhileBehind the client's sync was answered while the follower was still behind
     * @param syncDone            the sync was answered once the follower could catch up
     * @param valueAfterSync      what the same client read after the sync
     */
    public record StaleRead(int follower, int leader, String staleValue, boolean syncDoneWhileBehind, boolean syncDone,
                            String valueAfterSync) {
    }

    /**
     * One ensemble, its servers killed one at a time until writes stopped.
     *
     * @param voters            voting servers
     * @param observers         non-voting observers (never killed)
     * @param survivedLosses    voters killed with writes still succeeding
     * @param stoppedAtLosses   voters killed when writes stopped
     * @param serversStillUp    servers still running when writes stopped
     * @param writeViaObserver  a write sent through an observer succeeded while the quorum held (observers only)
     */
    public record Tolerance(int voters, int observers, int survivedLosses, int stoppedAtLosses, int serversStillUp,
                            boolean writeViaObserver) {
    }

    public Tolerance ensemble(int voters, int observers) {
        return ensembles.stream().filter(t -> t.voters() == voters && t.observers() == observers).findFirst().orElseThrow();
    }

    @Override
    public String summary() {
        String rows = ensembles.stream()
                .map(t -> t.voters() + (t.observers() > 0 ? "+" + t.observers() + "obs" : "") + ":survives="
                        + t.survivedLosses() + ",stopsAt=" + t.stoppedAtLosses())
                .collect(Collectors.joining(" "));
        return "write=" + externalWrite + " " + (ensembles.isEmpty() ? "tolerance=not-run" : rows)
                + (killedLeader > 0 ? " reElection=" + killedLeader + "->" + newLeader : "")
                + (staleRead != null ? " staleRead=" + staleRead.staleValue() + ",afterSync=" + staleRead.valueAfterSync() : "");
    }

    @Override
    public boolean asExpected() {
        return externalWrite && ensembles.stream().allMatch(t -> t.survivedLosses() == (t.voters() - 1) / 2
                && t.stoppedAtLosses() == (t.voters() - 1) / 2 + 1
                && (t.observers() == 0 || (t.writeViaObserver() && t.serversStillUp() > t.voters() / 2)))
                && (ensembles.isEmpty() || (newLeader > 0 && newLeader != killedLeader))
                && (staleRead == null || (staleRead.staleValue().equals("v1") && !staleRead.syncDoneWhileBehind()
                        && staleRead.syncDone() && staleRead.valueAfterSync().equals("v2")));
    }
}
