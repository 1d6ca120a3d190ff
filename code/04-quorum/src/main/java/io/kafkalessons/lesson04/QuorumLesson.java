package io.kafkalessons.lesson04;

import io.kafkalessons.lesson04.QuorumResult.StaleRead;
import io.kafkalessons.lesson04.QuorumResult.Tolerance;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.ZooKeeperServer;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.UnreachableClusterException;
import io.kafkalessons.sandbox.lesson.Znodes;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 4: a ZooKeeper ensemble accepts writes only while a majority of its voting servers is
 * up. The lesson kills servers one by one in ensembles of 3, 4 and 5 and with observers, and
 * tries a write after each kill.
 */
public final class QuorumLesson {

    public static final String ROOT = "/lessons/04";
    /** How long a write may take (including getting a session) before the lesson counts it as refused. */
    static final Duration WRITE_BUDGET = Duration.ofSeconds(2);

    private final String connectString;
    private final Faults faults;
    private final Narrator narrator;

    public QuorumLesson(String connectString, Faults faults, Narrator narrator) {
        this.connectString = connectString;
        this.faults = faults;
        this.narrator = narrator;
    }

    /** What a write attempt came to: success, or the reason it failed. */
    record WriteAttempt(boolean ok, String outcome) {
    }

    public QuorumResult run() throws Exception {
        narrator.intro(
                "Every ZooKeeper write needs a majority of the voting servers (a quorum) to log it. Watch for:",
                "3 servers keep taking writes with 1 down but not 2; 4 servers are no better; 5 survive 2; and",
                "observers serve clients but do not count towards the majority.");
        WriteAttempt first = write(connectString);
        narrator.say("client", "a write to %s: %s", connectString, first.outcome());
        if (!faults.available()) {
            return new QuorumResult(first.ok(), narrator.skipStep("kill servers and watch writes stop",
                    faults.unavailableReason()));
        }
        return new QuorumResult(first.ok(), Part.ran(killing(new EnsembleView(faults))));
    }

    /** The steps that kill servers: in the ensemble the lesson was given, then in ensembles it starts. */
    private QuorumResult.Killing killing(EnsembleView three) throws Exception {
        List<Tolerance> rows = new ArrayList<>();

        narrator.step("3 servers: kill the leader and time the election");
        int leader = three.leader().orElseThrow();
        three.kill(leader);
        long reElection = three.awaitNewLeader(leader, Duration.ofSeconds(30)).toMillis();
        int newLeader = three.leader().orElseThrow();
        narrator.say("ensemble", "server %d was leader; server %d leads %d ms after the kill", leader, newLeader, reElection);
        rows.add(killUntilWritesStop(three, 1));
        // On a cluster the lesson does not own, it leaves the ensemble as it found it.
        List<Integer> restarted = three.restartKilled(Duration.ofSeconds(30));
        WriteAttempt after = write(three.connectString());
        narrator.say("ensemble", "servers %s restarted; a write: %s", restarted, after.outcome());
        QuorumResult.Restored restored = new QuorumResult.Restored(restarted, after.ok());

        for (int voters : List.of(4, 5)) {
            narrator.step("%d servers: kill them one at a time", voters);
            try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.builder().servers(voters).name("04-quorum-" + voters).start()) {
                rows.add(killUntilWritesStop(new EnsembleView(Faults.of(ensemble)), 0));
            }
        }
        narrator.step("3 voters and 2 observers: kill the voters");
        try (ZooKeeperEnsemble withObservers = ZooKeeperEnsemble.builder().servers(3).observers(2)
                .name("04-quorum-observers").start()) {
            rows.add(killUntilWritesStop(new EnsembleView(Faults.of(withObservers)), 0));
        }

        narrator.line("");
        narrator.line("  %-22s %-18s %-18s %s", "ensemble", "survives losing", "stops at losing", "servers still up then");
        for (Tolerance t : rows) {
            String name = t.voters() + " voters" + (t.observers() > 0 ? " + " + t.observers() + " observers" : "");
            narrator.line("  %-22s %-18d %-18d %d", name,
                    t.survivedLosses(), t.stoppedAtLosses(), t.serversStillUp());
        }
        narrator.notice("a majority of 4 is 3, so 4 servers survive 1 loss, like 3. With 2 observers, 3 servers are");
        narrator.notice("still running when writes stop: observers forward writes but never vote.");

        narrator.step("reads are answered locally: a follower that is behind, and sync()");
        StaleRead stale;
        try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.builder().servers(3).holdableLinks()
                .name("04-quorum-stale-read").start()) {
            stale = staleRead(ensemble);
        }
        return new QuorumResult.Killing(new QuorumResult.ReElection(leader, newLeader, reElection), rows, restored, stale);
    }

    /**
     * Kills voters (followers first, the leader last) until a write fails; {@code alreadyDown}
     * voters are down when it starts. Observers are never killed.
     */
    private Tolerance killUntilWritesStop(EnsembleView ensemble, int alreadyDown) {
        List<Integer> voters = ensemble.voters();
        boolean viaObserver = false;
        Optional<Integer> observer = ensemble.anObserver();
        if (observer.isPresent()) {
            WriteAttempt w = write(ensemble.address(observer.get()));
            viaObserver = w.ok();
            narrator.say("client", "a write sent through observer %d: %s", observer.get(), w.outcome());
        }
        int lost = alreadyDown;
        int survived = alreadyDown;
        while (true) {
            WriteAttempt attempt = write(ensemble.connectString());
            int up = ensemble.running();
            narrator.say("client", "%d of %d voters down, %d of %d servers running: write %s", lost, voters.size(), up,
                    ensemble.size(), attempt.outcome());
            if (!attempt.ok()) {
                return new Tolerance(voters.size(), ensemble.size() - voters.size(), survived, lost, up, viaObserver);
            }
            survived = lost;
            int leader = ensemble.leader().orElse(-1);
            int victim = voters.stream().filter(ensemble::isRunning).sorted(Comparator.comparing(id -> id == leader))
                    .findFirst().orElseThrow();
            ensemble.kill(victim);
            lost++;
        }
    }

    /**
     * Client A talks only to a follower, client B to the leader. While the follower hears nothing
     * from the leader, B's write succeeds (the leader and the other follower are a majority) and
     * A still reads the old value; A's {@code sync} waits until the follower has caught up.
     */
    private StaleRead staleRead(ZooKeeperEnsemble ensemble) throws Exception {
        int leader = ensemble.leaderId().orElseThrow();
        ZooKeeperServer follower = ensemble.servers().stream().filter(s -> s.id() != leader).findFirst().orElseThrow();
        String path = ROOT + "/config";
        try (ZooKeeper a = ZooKeeperConnections.open(follower.address(), 4000);
             ZooKeeper b = ZooKeeperConnections.open(ensemble.server(leader).address(), 4000)) {
            Znodes.recreate(b, ROOT);
            b.create(path, bytes("v1"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            a.sync(path, (rc, p, ctx) -> { }, null);
            Poll.until(Duration.ofSeconds(10), Duration.ofMillis(20), () -> text(a.getData(path, false, null)).equals("v1"),
                    () -> "the follower never saw v1");
            narrator.say("client A", "connected to follower %d only; reads %s = v1", follower.id(), path);

            // The follower must hear from the leader within syncLimit (2 s) or it stops serving: keep this short.
            ensemble.holdUpdatesTo(follower.id());
            String staleValue;
            boolean syncDoneWhileBehind;
            CountDownLatch synced = new CountDownLatch(1);
            long released;
            try {
                b.setData(path, bytes("v2"), -1);
                narrator.say("client B",
                        "connected to the leader, server %d; set %s = v2: ok (the leader and the other follower logged it)",
                        leader, path);
                staleValue = text(a.getData(path, false, null));
                narrator.say("client A", "reads %s = %s from follower %d, which has not heard of v2 yet", path, staleValue, follower.id());
                // tag::sync[]
                a.sync(path, (rc, p, ctx) -> synced.countDown(), null);
                // end::sync[]
                syncDoneWhileBehind = synced.await(300, TimeUnit.MILLISECONDS);
                narrator.say("client A", "sync(%s) sent; answered within 300 ms while the follower is behind: %s", path,
                        syncDoneWhileBehind);
            } finally {
                ensemble.releaseUpdatesTo(follower.id());
                released = System.nanoTime();
            }
            boolean syncDone = synced.await(10, TimeUnit.SECONDS);
            long syncMillis = (System.nanoTime() - released) / 1_000_000;
            String fresh = text(a.getData(path, false, null));
            narrator.say("client A", "the follower caught up; sync answered %d ms later: %s; reads %s = %s", syncMillis,
                    syncDone, path, fresh);
            narrator.notice("ZooKeeper orders every write, but a server answers reads from its own copy, so a client");
            narrator.notice("can read a value older than one another client has already written. sync() makes the");
            narrator.notice("client's server catch up with the leader first; then the next read is current.");
            return new StaleRead(follower.id(), leader, staleValue, syncDoneWhileBehind, syncDone, fresh);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Opens a session to {@code connect} and creates an ephemeral sequential znode, all within the budget. */
    static WriteAttempt write(String connect) {
        long start = System.nanoTime();
        ZooKeeper zk;
        try {
            zk = ZooKeeperConnections.open(connect, (int) WRITE_BUDGET.toMillis(), WRITE_BUDGET);
        } catch (UnreachableClusterException e) {
            return new WriteAttempt(false, "refused: no server would give a session within "
                    + WRITE_BUDGET.toSeconds() + " s (the survivors are not serving without a quorum)");
        }
        try {
            Znodes.ensurePath(zk, ROOT);
            // tag::write[]
            String path = zk.create(ROOT + "/write-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
            // end::write[]
            return new WriteAttempt(true, "ok (" + path + ", " + (System.nanoTime() - start) / 1_000_000 + " ms)");
        } catch (KeeperException e) {
            return new WriteAttempt(false, "refused: " + e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WriteAttempt(false, "interrupted");
        } finally {
            try {
                zk.close(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
