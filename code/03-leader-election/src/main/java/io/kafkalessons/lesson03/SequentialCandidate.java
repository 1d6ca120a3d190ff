package io.kafkalessons.lesson03;

import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * One candidate of the hand-written election recipe, with its own session: it creates an
 * ephemeral sequential znode and leads when its znode is the lowest; otherwise it watches only
 * the znode just before its own, and looks again when that one disappears.
 */
final class SequentialCandidate implements AutoCloseable {

    private final int number;
    private final String parent;
    private final ZooKeeper zk;
    private final String path;
    private final IntConsumer onLeader;
    private final Runnable onWoken;
    private final boolean herd;
    private boolean closed;
    private boolean leading;

    /** @param herd watch the parent instead of the predecessor ("Try this" 1): every change wakes every candidate */
    SequentialCandidate(int number, String connect, String parent, IntConsumer onLeader, Runnable onWoken, boolean herd)
            throws Exception {
        this.number = number;
        this.parent = parent;
        this.onLeader = onLeader;
        this.onWoken = onWoken;
        this.herd = herd;
        this.zk = ZooKeeperConnections.open(connect, 10_000);
        this.path = zk.create(parent + "/candidate-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        check();
    }

    int number() {
        return number;
    }

    String path() {
        return path;
    }

    private void check() throws KeeperException, InterruptedException {
        if (herd) {
            checkAsHerd();
            return;
        }
        // tag::predecessor[]
        List<String> children = zk.getChildren(parent, false).stream().sorted().toList();
        int mine = children.indexOf(path.substring(parent.length() + 1));
        if (mine == 0) {
            onLeader.accept(number);
            return;
        }
        String predecessor = parent + "/" + children.get(mine - 1);
        if (zk.exists(predecessor, event -> wokenUp()) == null) {
            check();
        }
        // end::predecessor[]
    }

    /** The herd: a watch on the parent, which every candidate's coming and going sets off. */
    private void checkAsHerd() throws KeeperException, InterruptedException {
        List<String> children = zk.getChildren(parent, event -> wokenUp()).stream().sorted().toList();
        if (children.indexOf(path.substring(parent.length() + 1)) == 0 && !leading) {
            leading = true;
            onLeader.accept(number);
        }
    }

    private synchronized void wokenUp() {
        if (closed) {
            return;
        }
        onWoken.run();
        try {
            check();
        } catch (KeeperException e) {
            throw new IllegalStateException("candidate " + number + " could not look again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            zk.close(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
