package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.kafkalessons.lesson20.PartitionsLesson.WAIT;

/**
 * Step 4, on a ZooKeeper ensemble of three that the step starts with every link between servers
 * relayed: the leader is cut off from both followers. Client A reaches only the old leader, client
 * B only the followers; each holds a Curator leader latch, and A leads when the cut begins.
 */
final class ZooKeeperStep {

    /** The session timeout both clients ask for; ZooKeeper accepts 2 to 300 ticks (0.4 to 60 s here). */
    static final int SESSION_MS = 4000;
    /** tickTime × syncLimit in the sandbox (200 ms × 10): how long a leader and its followers wait for each other. */
    static final long SYNC_LIMIT_MS = 2000;
    static final String ROOT = "/lesson20";
    static final String WRITTEN_DURING_CUT = ROOT + "/written-during-cut";

    private final Narrator narrator;

    ZooKeeperStep(Narrator narrator) {
        this.narrator = narrator;
    }

    PartitionsResult.ZooKeeperCut run() throws Exception {
        narrator.sandbox("starting 3 ZooKeeper servers, every link between them through a relay ...");
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().servers(3).holdableLinks().name("20-network-partitions-zookeeper")
                .start()) {
            int leader = zk.leaderId().orElseThrow();
            List<Integer> followers = zk.servers().stream().map(s -> s.id()).filter(id -> id != leader).toList();
            String majority = followers.stream().map(id -> zk.server(id).address()).collect(Collectors.joining(","));
            try (LatchClient a = LatchClient.start("A", zk.server(leader).address(), ROOT + "/latch");
                 LatchClient b = LatchClient.start("B", majority, ROOT + "/latch")) {
                a.joinLatch();
                a.awaitLeadership(WAIT);
                b.joinLatch();
                b.awaitParticipating(WAIT);
                narrator.say("zookeeper", "leader: server %d, followers %s", leader, followers);
                narrator.say("clients", "A reaches server %d only and holds the leader latch; B reaches servers %s only and waits",
                        leader, followers);
                return cut(zk, leader, followers, a, b);
            }
        }
    }

    private PartitionsResult.ZooKeeperCut cut(ZooKeeperEnsemble zk, int leader, List<Integer> followers, LatchClient a, LatchClient b)
            throws Exception {
        narrator.subStep("cut server %d off from servers %s, both ways; A writes %s through it at once", leader, followers,
                WRITTEN_DURING_CUT);
        long cut = System.nanoTime();
        // tag::cut[]
        zk.isolate(leader);
        // end::cut[]
        CompletableFuture<String> write = a.createAsync(WRITTEN_DURING_CUT);
        zk.awaitNewLeader(leader, WAIT);
        long elected = millisSince(cut);
        int newLeader = zk.leaderId().orElseThrow();
        narrator.say("zookeeper", "servers %s elected server %d %d ms after the cut: they stopped hearing from the leader",
                followers, newLeader, elected);
        String writeOutcome = write.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        long writeAnswered = a.millisSince(cut, a.writeAnswered);
        long told = a.millisSince(cut, a.firstState("SUSPENDED"));
        narrator.say("client A", "write answered %d ms after the cut: %s; connection SUSPENDED after %d ms", writeAnswered,
                writeOutcome, told);
        narrator.notice("server %d could not reach a majority, so it stopped serving: A is told, and its write was never", leader);
        narrator.notice("committed. ConnectionLoss means \"unknown\"; here the answer will turn out to be \"not written\".");
        b.awaitLeadership(WAIT);
        long lost = a.millisSince(cut, a.leadershipLost);
        long won = b.millisSince(cut, b.leadershipWon);
        narrator.say("latches", "A gave up leadership %d ms after the cut; B became leader %d ms after it", lost, won);
        narrator.notice("B had to wait until A's session expired, %d ms after the new leader began counting. A let go", SESSION_MS);
        narrator.notice("when its connection was SUSPENDED, long before; that is why Curator gives up leadership then. A paused");
        narrator.notice("leader cannot even do that: lesson 3's fencing tokens cover that case.");

        narrator.subStep("heal the cut");
        zk.heal();
        Poll.until(WAIT, Duration.ofMillis(50), () -> zk.server(leader).mode().equals(Optional.of("follower")),
                () -> "server " + leader + " never rejoined as a follower");
        a.awaitState("RECONNECTED", WAIT);
        int holding = serversHolding(zk, WRITTEN_DURING_CUT);
        narrator.say("zookeeper", "server %d is a follower of server %d again; %s exists on %d of 3 servers", leader, newLeader,
                WRITTEN_DURING_CUT, holding);
        narrator.say("client A", "connection states since the cut: %s", a.statesSince(cut));
        narrator.notice("A's write reached server %d alone, never a majority, so it was never committed; rejoining, server %d",
                leader, leader);
        narrator.notice("took the new leader's history, which does not have it.");
        return new PartitionsResult.ZooKeeperCut(leader, newLeader, elected, writeOutcome, writeAnswered, told, lost, won,
                a.statesSince(cut), zk.server(leader).mode().orElse("none"), holding);
    }

    /** On how many servers {@code path} exists, each asked after a sync with the leader. */
    private static int serversHolding(ZooKeeperEnsemble zk, String path) throws Exception {
        int holding = 0;
        for (var server : zk.servers()) {
            ZooKeeper client = ZooKeeperConnections.open(server.address(), SESSION_MS);
            try {
                CompletableFuture<Void> synced = new CompletableFuture<>();
                client.sync(path, (rc, p, ctx) -> synced.complete(null), null);
                synced.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                holding += client.exists(path, false) != null ? 1 : 0;
            } finally {
                client.close();
            }
        }
        return holding;
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
