package io.kafkalessons.sandbox.lesson;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Znode set-up that every ZooKeeper lesson does first, so that a run can be repeated. */
public final class Znodes {

    private Znodes() {
    }

    /**
     * Deletes {@code root} and everything below it if an earlier run left it, then creates it again
     * (with any missing ancestors) and the given children, all empty and persistent.
     *
     * @return true if an earlier run's znodes were deleted
     */
    public static boolean recreate(ZooKeeper zk, String root, String... children)
            throws KeeperException, InterruptedException {
        boolean existed = zk.exists(root, false) != null;
        if (existed) {
            ZKUtil.deleteRecursive(zk, root);
        }
        ensurePath(zk, root);
        for (String child : children) {
            ensurePath(zk, child);
        }
        return existed;
    }

    /** Creates {@code path} and any missing ancestors as empty persistent znodes; existing ones are kept. */
    public static void ensurePath(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        int from = 1;
        while (from > 0) {
            int slash = path.indexOf('/', from);
            String prefix = slash < 0 ? path : path.substring(0, slash);
            try {
                zk.create(prefix, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException ignored) {
                // made by an earlier run or another lesson
            }
            from = slash < 0 ? -1 : slash + 1;
        }
    }
}
