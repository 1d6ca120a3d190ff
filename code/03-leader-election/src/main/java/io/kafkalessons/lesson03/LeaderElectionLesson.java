package io.kafkalessons.lesson03;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Znodes;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooKeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lesson 3: electing one leader among many processes. First the recipe by hand (ephemeral
 * sequential znodes, each candidate watching only its predecessor), then Curator's LeaderLatch
 * through 20 forced session expiries, and what happens when a leader does not stop the moment
 * it loses its session.
 */
public final class LeaderElectionLesson {

    public static final String ROOT = "/lessons/03";
    public static final String RECIPE = ROOT + "/recipe";
    public static final String LATCH = ROOT + "/latch";
    public static final String NAIVE_LATCH = ROOT + "/naive-latch";
    public static final int CANDIDATES = 5;
    public static final int PARTICIPANTS = 3;
    public static final int FAILOVERS = 20;
    public static final int NAIVE_FAILOVERS = 5;
    /** A naive leader notices it lost leadership only when its current batch of work ends. */
    static final Duration NAIVE_BATCH = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String connectString;
    private final Narrator narrator;
    private final boolean herd;

    public LeaderElectionLesson(String connectString, Narrator narrator) {
        this(connectString, narrator, false);
    }

    /** @param herd the recipe's candidates watch the parent instead of their predecessor ("Try this" 1) */
    public LeaderElectionLesson(String connectString, Narrator narrator, boolean herd) {
        this.connectString = connectString;
        this.narrator = narrator;
        this.herd = herd;
    }

    public LeaderElectionResult run() throws Exception {
        narrator.intro(
                "Many processes, one leader: ZooKeeper's sequential ephemeral znodes make the choice, and a",
                "session's end takes the leader's znode with it. Watch for: each resignation waking exactly one",
                "candidate, no two leaders at once over 20 forced failovers, and what a leader that keeps going",
                "a little after losing its session does to that promise.");
        try (ZooKeeper admin = ZooKeeperConnections.open(connectString, 10_000)) {
            Znodes.recreate(admin, ROOT, RECIPE);
        }

        Recipe recipe = recipeByHand();

        narrator.step("Curator's LeaderLatch, %d participants writing to a fenced store; expire the leader's session %d times",
                PARTICIPANTS, FAILOVERS);
        FencedStore fenced = new FencedStore(true);
        LatchRun stopping = latchFailovers(LATCH, FAILOVERS, false, fenced);
        narrator.say("store", "%d failovers (median %d ms); %d writes accepted; old-leader writes after a new leader's: "
                + "%d accepted, %d refused", stopping.failovers(), stopping.medianMillis(), fenced.accepted(),
                stopping.overlaps(), stopping.staleRejected());
        narrator.notice("Curator may tell the old leader it lost leadership a moment after a new one was elected;");
        narrator.notice("any write it makes in that moment carries an older token, and the store refuses it.");

        narrator.step("naive leaders (finish the current %d ms batch before checking) and a store without fencing",
                NAIVE_BATCH.toMillis());
        FencedStore open = new FencedStore(false);
        LatchRun naive = latchFailovers(NAIVE_LATCH, NAIVE_FAILOVERS, true, open);
        narrator.say("store", "%d failovers; %d writes accepted, %d of them from an old leader after a new leader's",
                naive.failovers(), open.accepted(), naive.overlaps());
        narrator.notice("the new leader was elected in milliseconds while the old one kept writing: two leaders.");
        narrator.notice("Stop acting when the session is in doubt, and make what you write to refuse stale leaders.");

        return new LeaderElectionResult(CANDIDATES, recipe.leaders(), recipe.notifiedPerFailover(),
                stopping.failovers(), stopping.overlaps(), stopping.staleRejected(), stopping.medianMillis(),
                naive.failovers(), naive.overlapsPerFailover());
    }

    /** Who led, in order, and how many candidates each resignation woke. */
    record Recipe(List<Integer> leaders, List<Integer> notifiedPerFailover) {
    }

    Recipe recipeByHand() throws Exception {
        narrator.step("the recipe by hand: %d candidates, each watching only the znode just before its own", CANDIDATES);
        List<Integer> leaders = new CopyOnWriteArrayList<>();
        AtomicInteger woken = new AtomicInteger();
        List<SequentialCandidate> candidates = new ArrayList<>();
        List<Integer> notifiedPerFailover = new ArrayList<>();
        try {
            for (int i = 0; i < CANDIDATES; i++) {
                candidates.add(new SequentialCandidate(i, connectString, RECIPE, leaders::add, woken::incrementAndGet, herd));
            }
            for (SequentialCandidate c : candidates) {
                narrator.say("candidate-" + c.number(), "created %s%s", c.path(), c.number() == 0 ? " (lowest: leader)" : "");
            }
            for (int resigning = 0; resigning < CANDIDATES - 1; resigning++) {
                int before = woken.get();
                int next = resigning + 1;
                candidates.get(resigning).close();
                Poll.until(TIMEOUT, Duration.ofMillis(10), () -> leaders.contains(next), () -> "candidate " + next + " did not take over");
                Thread.sleep(100);
                notifiedPerFailover.add(woken.get() - before);
                narrator.say("candidate-" + resigning,
                        "resigns (closes its session); candidate-%d is woken and leads; %d candidate(s) woken",
                        next, woken.get() - before);
            }
        } finally {
            candidates.forEach(SequentialCandidate::close);
        }
        narrator.notice("watching only the predecessor means one wake-up per change, not a stampede of all candidates");
        narrator.notice("re-reading the children (the herd effect).");
        return new Recipe(List.copyOf(leaders), List.copyOf(notifiedPerFailover));
    }

    /** The outcome of a series of forced failovers. */
    private record LatchRun(int failovers, List<Integer> overlapsPerFailover, int staleRejected, long medianMillis) {

        int overlaps() {
            return overlapsPerFailover.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * {@code failovers} times: expire the leader's session and wait for another leader. Meanwhile
     * every participant writes to the store every 10 ms for as long as it believes it leads; a
     * naive participant keeps believing until its current batch ends.
     */
    private LatchRun latchFailovers(String path, int failovers, boolean naive, FencedStore store) throws Exception {
        List<CuratorFramework> clients = new ArrayList<>();
        List<LeaderLatch> latches = new ArrayList<>();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(PARTICIPANTS);
        long[] millis = new long[failovers];
        List<Integer> overlaps = new ArrayList<>();
        try {
            for (int i = 0; i < PARTICIPANTS; i++) {
                startParticipant("participant-" + i, path, naive, store, clients, latches, workers);
            }
            for (int f = 0; f < failovers; f++) {
                LeaderLatch leader = awaitLeader(latches, null);
                int overlapsBefore = store.overlaps();
                long start = System.nanoTime();
                clients.get(latches.indexOf(leader)).getZookeeperClient().getZooKeeper().getTestable()
                        .injectSessionExpiration();
                awaitLeader(latches, leader);
                millis[f] = (System.nanoTime() - start) / 1_000_000;
                Thread.sleep(NAIVE_BATCH.toMillis() + 100);
                overlaps.add(store.overlaps() - overlapsBefore);
            }
            Arrays.sort(millis);
            return new LatchRun(failovers, List.copyOf(overlaps), store.rejected(), millis[failovers / 2]);
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
            for (LeaderLatch latch : latches) {
                try {
                    latch.close();
                } catch (Exception ignored) {
                    // its client may be reconnecting; the session ends with the client below
                }
            }
            clients.forEach(CuratorFramework::close);
        }
    }

    /** One participant: a Curator client, its latch, and a worker that writes every 10 ms while it believes it leads. */
    private void startParticipant(String who, String path, boolean naive, FencedStore store, List<CuratorFramework> clients,
                                  List<LeaderLatch> latches, ScheduledExecutorService workers) throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.newClient(connectString, 4000, 10_000,
                new ExponentialBackoffRetry(50, 5));
        client.start();
        clients.add(client);
        LeaderLatch latch = new LeaderLatch(client, path, who);
        AtomicLong believesUntil = new AtomicLong(Long.MIN_VALUE);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                believesUntil.set(Long.MAX_VALUE);
            }

            @Override
            public void notLeader() {
                believesUntil.set(System.nanoTime() + NAIVE_BATCH.toNanos());
            }
        });
        latch.start();
        latches.add(latch);
        workers.scheduleAtFixedRate(() -> {
            // tag::act[]
            boolean leads = naive ? System.nanoTime() < believesUntil.get() : latch.hasLeadership();
            if (leads) {
                store.write(who, token(latch));
            }
            // end::act[]
        }, 0, 10, TimeUnit.MILLISECONDS);
    }

    /** The fencing token: the sequence number at the end of the latch's znode name; -1 before it has one. */
    private static long token(LeaderLatch latch) {
        String ours = latch.getOurPath();
        return ours == null ? -1 : Long.parseLong(ours.substring(ours.length() - 10));
    }

    /** Waits for a latch other than {@code previous} to hold leadership. */
    private static LeaderLatch awaitLeader(List<LeaderLatch> latches, LeaderLatch previous) {
        return Poll.untilMatches(TIMEOUT, Duration.ofMillis(5),
                () -> latches.stream().filter(l -> l != previous && l.hasLeadership()).findFirst().orElse(null),
                Objects::nonNull, found -> "no new leader");
    }
}
