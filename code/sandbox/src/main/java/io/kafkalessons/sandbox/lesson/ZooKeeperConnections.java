package io.kafkalessons.sandbox.lesson;

import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Opens a raw ZooKeeper session and waits, with a bound, until it is connected. */
public final class ZooKeeperConnections {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ZooKeeperConnections() {
    }

    /**
     * A connected session, or an {@link UnreachableClusterException} after 10 s.
     *
     * @param sessionTimeoutMs asked of the server, which clamps it to its own limits
     */
    public static ZooKeeper open(String connectString, int sessionTimeoutMs) {
        return open(connectString, sessionTimeoutMs, CONNECT_TIMEOUT);
    }

    /** A connected session, or an {@link UnreachableClusterException} once {@code wait} has passed. */
    public static ZooKeeper open(String connectString, int sessionTimeoutMs, Duration wait) {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher onConnect = event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(connectString, sessionTimeoutMs, onConnect);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreachableClusterException("cannot use the ZooKeeper address '" + connectString + "': " + e.getMessage());
        }
        try {
            if (connected.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return zk;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(zk);
        throw new UnreachableClusterException("no ZooKeeper server answered at " + connectString + " within "
                + wait.toSeconds() + " s; is the ensemble running, and is that its client port?");
    }

    private static void closeQuietly(ZooKeeper zk) {
        try {
            zk.close(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
