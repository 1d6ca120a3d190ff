package io.kafkalessons.lesson04;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What lesson 4 observed.
 *
 * @param externalWrite     a write to the ensemble given with --zookeeper (or to the lesson's own) succeeded
 * @param killing           what killing and holding back servers showed; skipped on an ensemble the lesson
 *                          did not start
 */
public record QuorumResult(boolean externalWrite, Part<Killing> killing) implements LessonResult {

    /**
     * The steps that kill servers, on ensembles the lesson starts.
     *
     * @param reElection the 3-server ensemble's leader killed
     * @param ensembles  per ensemble, how many server losses writes survived
     * @param restored   the 3-server ensemble's killed servers restarted, and a write after that
     * @param staleRead  a follower held behind the leader: what its client read, and what sync did
     */
    public record Killing(ReElection reElection, List<Tolerance> ensembles, Restored restored, StaleRead staleRead) {
    }

    /**
     * @param killedLeader the leader killed in the 3-server ensemble
     * @param newLeader    the server that took over
     * @param millis       time from the kill until a new leader served
     */
    public record ReElection(int killedLeader, int newLeader, long millis) {
    }

    /**
     * @param servers      the servers of the 3-server ensemble the lesson had killed, restarted
     * @param writeWorks   a write after the restart succeeded
     */
    public record Restored(List<Integer> servers, boolean writeWorks) {
    }

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

    public List<Tolerance> ensembles() {
        return killing.value().ensembles();
    }

    public ReElection reElection() {
        return killing.value().reElection();
    }

    public Restored restored() {
        return killing.value().restored();
    }

    public StaleRead staleRead() {
        return killing.value().staleRead();
    }

    public Tolerance ensemble(int voters, int observers) {
        return ensembles().stream().filter(t -> t.voters() == voters && t.observers() == observers).findFirst().orElseThrow();
    }

    @Override
    public String summary() {
        return "write=" + externalWrite + " " + (killing.ran() ? killingSummary(killing.value()) : "tolerance=skipped");
    }

    private static String killingSummary(Killing k) {
        String rows = k.ensembles().stream()
                .map(t -> t.voters() + (t.observers() > 0 ? "+" + t.observers() + "obs" : "") + ":survives="
                        + t.survivedLosses() + ",stopsAt=" + t.stoppedAtLosses())
                .collect(Collectors.joining(" "));
        return rows + " reElection=" + k.reElection().killedLeader() + "->" + k.reElection().newLeader()
                + " restarted=" + k.restored().servers().size() + ",write=" + k.restored().writeWorks()
                + " staleRead=" + k.staleRead().staleValue() + ",afterSync=" + k.staleRead().valueAfterSync();
    }

    @Override
    public boolean asExpected() {
        return externalWrite && killing.okIfRan(QuorumResult::killingAsExpected);
    }

    private static boolean killingAsExpected(Killing k) {
        StaleRead staleRead = k.staleRead();
        return k.ensembles().stream().allMatch(t -> t.survivedLosses() == (t.voters() - 1) / 2
                && t.stoppedAtLosses() == (t.voters() - 1) / 2 + 1
                && (t.observers() == 0 || (t.writeViaObserver() && t.serversStillUp() > t.voters() / 2)))
                && k.reElection().newLeader() != k.reElection().killedLeader()
                && k.restored().servers().size() == 2 && k.restored().writeWorks()
                && staleRead.staleValue().equals("v1") && !staleRead.syncDoneWhileBehind()
                && staleRead.syncDone() && staleRead.valueAfterSync().equals("v2");
    }
}
