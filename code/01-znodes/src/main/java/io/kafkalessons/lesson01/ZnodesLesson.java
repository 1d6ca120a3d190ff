package io.kafkalessons.lesson01;

import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Znodes;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lesson 1: the ZooKeeper data model. Persistent, sequential and ephemeral znodes, data
 * versions and conditional updates, listing children, and an ACL that keeps a znode to the
 * holder of a password, with the plain ZooKeeper client.
 */
public final class ZnodesLesson {

    /** Every znode this lesson touches lives below this path; the test reads it too. */
    public static final String ROOT = "/lessons/01";
    public static final String CONFIG = ROOT + "/config";
    public static final String QUEUE = ROOT + "/queue";
    public static final String WORKERS = ROOT + "/workers";
    public static final String WORKER = "worker-a";
    static final String FIRST_CONFIG = "color=blue";
    static final String UPDATED_CONFIG = "color=green";
    static final String STALE_CONFIG = "color=red";

    private static final int SESSION_TIMEOUT_MS = 10_000;

    /** What "Try this" 3 writes with instead of the version it read: -1, which means any version. */
    static final int ANY_VERSION = -1;

    private final String connectString;
    private final Narrator narrator;
    private final boolean anyVersion;

    public ZnodesLesson(String connectString, Narrator narrator) {
        this(connectString, narrator, false);
    }

    /** @param anyVersion the slow writer passes -1 instead of the stale version it read ("Try this" 3) */
    public ZnodesLesson(String connectString, Narrator narrator, boolean anyVersion) {
        this.connectString = connectString;
        this.narrator = narrator;
        this.anyVersion = anyVersion;
    }

    public ZnodesResult run() throws Exception {
        narrator.intro(
                "ZooKeeper keeps a small tree of znodes, each with a little data and a version number.",
                "Watch for: a write that names an old version is refused, sequential znodes get",
                "numbered names, and an ephemeral znode vanishes when the session that made it ends.");
        try (ZooKeeper app = ZooKeeperConnections.open(connectString, SESSION_TIMEOUT_MS)) {
            narrator.say("app", "connected, session 0x%x", app.getSessionId());

            narrator.step("start from a clean %s", ROOT);
            if (Znodes.recreate(app, ROOT)) {
                narrator.say("app", "deleted what an earlier run left in %s", ROOT);
            }
            narrator.say("app", "created %s (persistent)", ROOT);

            narrator.step("a persistent znode holds data, and every write bumps its version");
            int versionAfterUpdate = persistentAndVersioned(app);

            narrator.step("a conditional write that names a stale version is refused");
            boolean staleRejected = staleWriteRejected(app);
            String dataAfterStale = read(app, CONFIG);
            narrator.say("app", "%s still holds \"%s\"", CONFIG, dataAfterStale);
            narrator.notice("setData(path, data, version) is compare-and-set: the basis of safe concurrent updates.");

            narrator.step("sequential znodes: ZooKeeper appends a counter to the name");
            List<String> sequential = sequentialNodes(app);

            narrator.step("an ephemeral znode lives exactly as long as the session that created it");
            EphemeralObservation ephemeral = ephemeralLifetime(app);

            narrator.step("list the children of %s", ROOT);
            List<String> children = new ArrayList<>(app.getChildren(ROOT, false));
            children.sort(null);
            narrator.say("app", "getChildren(%s) = %s", ROOT, children);

            ZnodeAclStep.Observation acl = new ZnodeAclStep(connectString, SESSION_TIMEOUT_MS, narrator).run();
            return new ZnodesResult(versionAfterUpdate, staleRejected, dataAfterStale, sequential,
                    ephemeral.whileOpen(), ephemeral.ownedBySession(), ephemeral.childRejected(),
                    ephemeral.afterClose(), List.copyOf(children), acl);
        }
    }

    private int persistentAndVersioned(ZooKeeper app) throws Exception {
        app.create(CONFIG, bytes(FIRST_CONFIG), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat stat = new Stat();
        String data = new String(app.getData(CONFIG, false, stat), StandardCharsets.UTF_8);
        narrator.say("app", "created %s = \"%s\", data version %d", CONFIG, data, stat.getVersion());
        // tag::conditional-update[]
        Stat updated = app.setData(CONFIG, bytes(UPDATED_CONFIG), stat.getVersion());
        // end::conditional-update[]
        narrator.say("app", "setData(\"%s\", version %d) succeeded, data version is now %d",
                UPDATED_CONFIG, stat.getVersion(), updated.getVersion());
        return updated.getVersion();
    }

    private boolean staleWriteRejected(ZooKeeper app) throws Exception {
        int staleVersion = 0;
        int written = anyVersion ? ANY_VERSION : staleVersion;
        narrator.say("slow-writer", "read version %d earlier and now tries setData(\"%s\", version %d)",
                staleVersion, STALE_CONFIG, written);
        try {
            app.setData(CONFIG, bytes(STALE_CONFIG), written);
            narrator.say("slow-writer", "the write went through (it should not have)");
            return false;
        } catch (KeeperException.BadVersionException e) {
            narrator.say("zookeeper", "refused: %s", e.code());
            return true;
        }
    }

    private List<String> sequentialNodes(ZooKeeper app) throws Exception {
        app.create(QUEUE, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String path = app.create(QUEUE + "/job-", bytes("job " + i), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
            names.add(path.substring(QUEUE.length() + 1));
            narrator.say("app", "create(%s/job-, PERSISTENT_SEQUENTIAL) returned %s", QUEUE, path);
        }
        narrator.notice("the counter belongs to the parent and only grows: queues and elections build on it.");
        return List.copyOf(names);
    }

    /** What the app saw of the worker's ephemeral znode. */
    private record EphemeralObservation(List<String> whileOpen, boolean ownedBySession, boolean childRejected,
                                        List<String> afterClose) {
    }

    private EphemeralObservation ephemeralLifetime(ZooKeeper app) throws Exception {
        app.create(WORKERS, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        String workerPath = WORKERS + "/" + WORKER;
        List<String> whileOpen;
        boolean owned;
        boolean childRejected;
        try (ZooKeeper worker = ZooKeeperConnections.open(connectString, SESSION_TIMEOUT_MS)) {
            worker.create(workerPath, bytes("alive"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            narrator.say("worker", "session 0x%x created %s (ephemeral)", worker.getSessionId(), workerPath);
            whileOpen = List.copyOf(app.getChildren(WORKERS, false));
            Stat stat = app.exists(workerPath, false);
            owned = stat != null && stat.getEphemeralOwner() == worker.getSessionId();
            narrator.say("app", "sees %s, owned by session 0x%x", whileOpen, stat == null ? 0 : stat.getEphemeralOwner());
            childRejected = childOfEphemeralRejected(worker, workerPath);
            narrator.say("worker", "closes its session");
        }
        List<String> afterClose = List.copyOf(app.getChildren(WORKERS, false));
        narrator.say("app", "children of %s after the close: %s", WORKERS, afterClose);
        narrator.notice("nobody deleted %s; ZooKeeper did when the session ended.", WORKER);
        narrator.notice("This is how a ZooKeeper-based system (Kafka before KRaft) knows who is alive.");
        return new EphemeralObservation(whileOpen, owned, childRejected, afterClose);
    }

    private boolean childOfEphemeralRejected(ZooKeeper worker, String workerPath) throws Exception {
        try {
            worker.create(workerPath + "/child", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            return false;
        } catch (KeeperException.NoChildrenForEphemeralsException e) {
            narrator.say("zookeeper", "refused a child under the ephemeral znode: %s", e.code());
            return true;
        }
    }

    private static String read(ZooKeeper zk, String path) throws Exception {
        return new String(zk.getData(path, false, null), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
