package io.kafkalessons.lesson02;

import io.kafkalessons.lesson02.WatchesResult.Outage;
import io.kafkalessons.lesson02.WatchesResult.Sessions;
import io.kafkalessons.lesson02.WatchesResult.StateChange;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.ZooKeeperModes;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Znodes;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Lesson 2: watches tell a client that something changed (once, or every time), and a session
 * survives a short loss of connection but not one longer than its timeout, taking its ephemeral
 * znodes with it.
 */
public final class WatchesLesson {

    public static final String ROOT = "/lessons/02";
    public static final String CONFIG = ROOT + "/config";
    public static final String TREE = ROOT + "/tree";
    /** Session timeout of the watched client: it is disconnected after 2/3 of it without an answer. */
    static final int SESSION_TIMEOUT_MS = 6000;
    /** Shorter than the session timeout: the session survives. */
    static final Duration SHORT_FREEZE = Duration.ofMillis(4600);
    /** Longer than the session timeout: the ensemble expires the session. */
    static final Duration LONG_FREEZE = Duration.ofMillis(9000);
    /** Longer than 4/3 of the session timeout: a client that cannot connect at all expires its own session. */
    static final Duration LONG_KILL = Duration.ofMillis(11_000);
    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final Duration DELETION_EVENT_WAIT = Duration.ofSeconds(5);

    private final String connectString;
    private final Faults faults;
    private final Narrator narrator;

    public WatchesLesson(String connectString, Faults faults, Narrator narrator) {
        this.connectString = connectString;
        this.faults = faults;
        this.narrator = narrator;
    }

    public WatchesResult run() throws Exception {
        narrator.intro(
                "A watch asks ZooKeeper to say when a znode changes, so clients need not poll. A session is a",
                "client's standing with the ensemble. Watch for: a plain watch firing once, persistent watches",
                "firing every time, and the difference between a disconnect (harmless) and an expiry (fatal).");
        List<String> oneShot = new CopyOnWriteArrayList<>();
        List<String> persistent = new CopyOnWriteArrayList<>();
        List<String> recursive = new CopyOnWriteArrayList<>();
        // Where faults are available, one follower will be frozen; the app talks to the other servers only.
        Optional<Server> toFreeze = faults.clientAddresses().entrySet().stream()
                .filter(e -> ZooKeeperModes.of(e.getValue()).filter("follower"::equals).isPresent())
                .map(e -> new Server(e.getKey(), e.getValue())).findFirst();
        String appConnect = toFreeze.map(f -> faults.clientAddresses().entrySet().stream().filter(e -> e.getKey() != f.id())
                .map(Map.Entry::getValue).collect(Collectors.joining(","))).orElse(connectString);
        try (ZooKeeper app = ZooKeeperConnections.open(appConnect, 10_000)) {
            Znodes.recreate(app, ROOT, CONFIG, TREE);

            narrator.step("a one-shot watch on %s, then two changes", CONFIG);
            // tag::one-shot[]
            app.getData(CONFIG, event -> oneShot.add(describe(event)), null);
            // end::one-shot[]
            change(app, CONFIG, "v1");
            change(app, CONFIG, "v2");
            Thread.sleep(SETTLE.toMillis());
            narrator.say("watcher", "got %s", oneShot);
            narrator.notice("a watch fires once; to hear about the next change the client must set it again, and a");
            narrator.notice("change made between the event and the new watch is only seen by reading the data.");

            narrator.step("a persistent watch on %s, then two changes", CONFIG);
            // tag::persistent[]
            app.addWatch(CONFIG, event -> persistent.add(describe(event)), AddWatchMode.PERSISTENT);
            // end::persistent[]
            change(app, CONFIG, "v3");
            change(app, CONFIG, "v4");
            Thread.sleep(SETTLE.toMillis());
            narrator.say("watcher", "got %s", persistent);

            narrator.step("a persistent recursive watch on %s, then changes below it", TREE);
            app.addWatch(TREE, event -> recursive.add(describe(event)), AddWatchMode.PERSISTENT_RECURSIVE);
            app.create(TREE + "/a", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            app.create(TREE + "/a/b", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            change(app, TREE + "/a/b", "x");
            Thread.sleep(SETTLE.toMillis());
            narrator.say("watcher", "got %s", recursive);
            narrator.notice("persistent watches (ZooKeeper 3.6+) stay until removed; recursive ones cover a whole subtree.");

            Part<Sessions> sessions = toFreeze.isPresent() ? Part.ran(sessions(app, toFreeze.get()))
                    : narrator.skipStep("what a lost connection costs a session",
                            faults.available() ? "no server answered srvr as a follower" : faults.unavailableReason());
            return new WatchesResult(List.copyOf(oneShot), List.copyOf(persistent), List.copyOf(recursive), sessions);
        }
    }

    /** The last three steps: the worker's only server frozen briefly, frozen past the timeout, killed past it. */
    private Sessions sessions(ZooKeeper app, Server server) throws Exception {
        Outage disconnect = outage(app, server, Fault.FREEZE, SHORT_FREEZE);
        Outage expiry = outage(app, server, Fault.FREEZE, LONG_FREEZE);
        narrator.notice("the ensemble expired the session while the server was frozen; the worker learned it only");
        narrator.notice("when its server woke up and answered its reconnect (Expired after the freeze ended).");
        Outage clientExpiry = outage(app, server, Fault.KILL, LONG_KILL);
        narrator.notice("with its only server gone the worker gave up by itself while the server was still down: its");
        narrator.notice("limit is %d ms (4/3 of the timeout), checked at each reconnect attempt (ZooKeeper 3.9.3+,",
                SESSION_TIMEOUT_MS * 4 / 3);
        narrator.notice("ZOOKEEPER-4508). A frozen server still accepts TCP connections, and each one resets that");
        narrator.notice("client clock, so the long freeze never reached it.");
        narrator.notice("Disconnected means 'wait and see': the client reconnects and the session goes on.");
        narrator.notice("Expired is final: the session, its ephemeral znodes and its watches are gone, and the");
        narrator.notice("application must start a new session and rebuild what it had (lesson 3 relies on this).");
        return new Sessions(disconnect, expiry, clientExpiry);
    }

    /** A ZooKeeper server of the ensemble: its id (for faults) and its client address. */
    record Server(int id, String address) {
    }

    /** What happens to the worker's only server: frozen (its kernel still accepts connections) or killed. */
    enum Fault {
        FREEZE("freeze that server (SIGSTOP)"), KILL("kill that server (SIGKILL), restart it later");

        private final String description;

        Fault(String description) {
            this.description = description;
        }
    }

    /** Connects a worker to {@code server} only, gives it an ephemeral znode, takes the server away, and watches. */
    Outage outage(ZooKeeper observer, Server server, Fault fault, Duration freeze) throws Exception {
        narrator.step("a worker connected only to zk server %d (session timeout %d ms); %s for %d ms",
                server.id(), SESSION_TIMEOUT_MS, fault.description, freeze.toMillis());
        List<StateChange> states = new CopyOnWriteArrayList<>();
        String ephemeral = ROOT + "/worker-" + narrator.currentStep();
        List<String> deletions = new CopyOnWriteArrayList<>();
        long[] frozenAt = {System.nanoTime()};
        ZooKeeper worker = ZooKeeperConnections.open(server.address(), SESSION_TIMEOUT_MS);
        try {
            worker.register(event -> {
                if (event.getType() == Watcher.Event.EventType.None) {
                    states.add(new StateChange(event.getState().name(), (System.nanoTime() - frozenAt[0]) / 1_000_000));
                }
            });
            long session = worker.getSessionId();
            worker.create(ephemeral, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            observer.exists(ephemeral, event -> deletions.add(event.getType().name()));
            narrator.say("worker", "session 0x%x created %s", session, ephemeral);

            // An answered request just before the freeze starts both clocks (the client's and the ensemble's) now.
            worker.exists(ephemeral, false);
            frozenAt[0] = System.nanoTime();
            long frozenMillis = takeAway(server, fault, freeze, frozenAt[0]);

            Poll.until(Duration.ofSeconds(30), Duration.ofMillis(50),
                    () -> states.stream().anyMatch(c -> c.state().equals("SyncConnected") || c.state().equals("Expired")),
                    () -> "the worker neither reconnected nor expired");
            Thread.sleep(SETTLE.toMillis());
            boolean survived = observer.exists(ephemeral, false) != null;
            if (!survived) {
                // The answer that the znode is gone can arrive before the observer's event thread has run
                // its watcher for the same deletion: give the watcher a moment (it fires, or it never will).
                awaitDeletionEvent(deletions);
            }
            Outage outage = new Outage(frozenMillis, List.copyOf(states), worker.getSessionId() == session
                    && states.get(states.size() - 1).state().equals("SyncConnected"),
                    survived, deletions.contains("NodeDeleted"));
            narrator.say("worker", "saw %s (times after the server went away)", outage.states());
            narrator.say("app", "%s %s; deletion seen by another client: %s", ephemeral,
                    outage.ephemeralSurvived() ? "is still there" : "is gone", outage.othersSawDeletion());
            return outage;
        } finally {
            worker.close(1000);
        }
    }

    private static void awaitDeletionEvent(List<String> deletions) throws InterruptedException {
        long deadline = System.nanoTime() + DELETION_EVENT_WAIT.toNanos();
        while (!deletions.contains("NodeDeleted") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Freezes or kills the server for {@code duration}, then brings it back; returns how long it was away. */
    private long takeAway(Server server, Fault fault, Duration duration, long since) throws InterruptedException {
        if (fault == Fault.FREEZE) {
            faults.pause(server.id());
        } else {
            faults.kill(server.id());
        }
        Thread.sleep(duration.toMillis());
        if (fault == Fault.FREEZE) {
            faults.resume(server.id());
        } else {
            faults.restart(server.id());
        }
        long awayMillis = (System.nanoTime() - since) / 1_000_000;
        narrator.say("sandbox", "zk server %d was %s for %d ms", server.id(), fault == Fault.FREEZE ? "frozen" : "down", awayMillis);
        return awayMillis;
    }

    private void change(ZooKeeper app, String path, String data) throws Exception {
        app.setData(path, data.getBytes(java.nio.charset.StandardCharsets.UTF_8), -1);
        narrator.say("app", "setData(%s, \"%s\")", path, data);
    }

    private static String describe(WatchedEvent event) {
        return event.getType() + " " + event.getPath();
    }
}
