package io.kafkalessons.lesson22;

import io.kafkalessons.lesson12.LegacyKafkaCluster;
import io.kafkalessons.lesson22.MigrationResult.Znodes;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What ZooKeeper holds for the cluster: the znodes a migration changes, read as a learner would with zookeeper-shell. */
final class ZkView implements AutoCloseable {

    private final ZooKeeper zk;
    private final String root;

    /** {@code root}: where Kafka's znodes are ("" at the top of the lesson's own ensemble). */
    ZkView(String zookeeperConnect, String root) {
        this.zk = ZooKeeperConnections.open(zookeeperConnect, LegacyKafkaCluster.ZOOKEEPER_SESSION_MS);
        this.root = root;
    }

    ZooKeeper zookeeper() {
        return zk;
    }

    /** The znode's text, or "" when it does not exist. */
    String get(String path) throws KeeperException, InterruptedException {
        try {
            byte[] data = zk.getData(root + path, false, null);
            return data == null ? "" : new String(data, StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return "";
        }
    }

    List<String> children(String path) throws KeeperException, InterruptedException {
        try {
            return zk.getChildren(root + path, false).stream().sorted().toList();
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    Znodes znodes() throws KeeperException, InterruptedException {
        return new Znodes(get("/controller"), children("/brokers/ids"), get("/migration"));
    }

    /** The cluster id the brokers wrote at their first start: the KRaft controller must be formatted with it. */
    String clusterId() throws KeeperException, InterruptedException {
        String json = get("/cluster/id");
        int start = json.indexOf("\"id\":\"") + 6;
        return json.substring(start, json.indexOf('"', start));
    }

    @Override
    public void close() throws InterruptedException {
        // ZooKeeper may be stopped by now: do not wait long to say goodbye to it.
        zk.close(1000);
    }
}
