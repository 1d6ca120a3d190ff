package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Znodes;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One client of step 4: a Curator client that reaches only the servers it is given, with a leader
 * latch, recording when its connection state changed and when it gained or lost leadership.
 */
final class LatchClient implements AutoCloseable {

    /** A connection state and when it came, by {@link System#nanoTime()}. */
    private record State(String name, long at) {
    }

    private final String name;
    private final CuratorFramework client;
    private final LeaderLatch latch;
    private final List<State> states = new CopyOnWriteArrayList<>();
    volatile long leadershipWon;
    volatile long leadershipLost;
    volatile long writeAnswered;

    private LatchClient(String name, String connectString, String latchPath) {
        this.name = name;
        client = CuratorFrameworkFactory.newClient(connectString, ZooKeeperStep.SESSION_MS, 10_000,
                new ExponentialBackoffRetry(50, 3));
        client.getConnectionStateListenable().addListener((c, state) -> states.add(new State(state.name(), System.nanoTime())));
        latch = new LeaderLatch(client, latchPath, name);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                leadershipWon = System.nanoTime();
            }

            @Override
            public void notLeader() {
                leadershipLost = System.nanoTime();
            }
        });
    }

    static LatchClient start(String name, String connectString, String latchPath) throws Exception {
        LatchClient c = new LatchClient(name, connectString, latchPath);
        c.client.start();
        if (!c.client.blockUntilConnected(10, TimeUnit.SECONDS)) {
            c.close();
            throw new IllegalStateException("client " + name + " could not connect to " + connectString);
        }
        Znodes.ensurePath(c.client.getZookeeperClient().getZooKeeper(), ZooKeeperStep.ROOT);
        return c;
    }

    /** Joins the race for leadership. */
    void joinLatch() throws Exception {
        latch.start();
    }

    void awaitLeadership(Duration wait) {
        Poll.until(wait, Duration.ofMillis(20), latch::hasLeadership, () -> "client " + name + " never became leader");
    }

    /** Waits until the latch has its znode: from then on this client is in the line for leadership. */
    void awaitParticipating(Duration wait) {
        Poll.until(wait, Duration.ofMillis(20), () -> latch.getOurPath() != null, () -> "client " + name + " never joined the latch");
    }

    void awaitState(String state, Duration wait) {
        Poll.until(wait, Duration.ofMillis(20), () -> states.stream().anyMatch(s -> s.name().equals(state)),
                () -> "client " + name + " never saw its connection " + state);
    }

    /**
     * Creates {@code path} with the raw ZooKeeper handle, without Curator's retries, so the answer
     * is the first one the server gives: "ok", or the error's code.
     */
    CompletableFuture<String> createAsync(String path) throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        client.getZookeeperClient().getZooKeeper().create(path, "A".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT, (rc, p, ctx, created) -> {
                    writeAnswered = System.nanoTime();
                    KeeperException.Code code = KeeperException.Code.get(rc);
                    outcome.complete(code == KeeperException.Code.OK ? "ok" : code.name());
                }, null);
        return outcome;
    }

    /** When this client first saw {@code state}; 0 if never. */
    long firstState(String state) {
        return states.stream().filter(s -> s.name().equals(state)).mapToLong(State::at).findFirst().orElse(0);
    }

    /** The connection states seen from {@code start} on, in order. */
    List<String> statesSince(long start) {
        return states.stream().filter(s -> s.at() >= start).map(State::name).toList();
    }

    /** Milliseconds from {@code start} to {@code at}; -1 if {@code at} never happened. */
    long millisSince(long start, long at) {
        return at == 0 ? -1 : (at - start) / 1_000_000;
    }

    @Override
    public void close() {
        try {
            latch.close();
        } catch (Exception e) {
            // closing anyway
        }
        client.close();
    }
}
