package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Checks, within a few seconds, that something answers at an address a learner typed. */
public final class ClusterProbe {

    /** How long a probe waits before it says nothing answered. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ClusterProbe() {
    }

    /** Returns the number of brokers the cluster reports, or throws a one-line explanation. */
    public static int kafka(String bootstrapServers) {
        return probe(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "--bootstrap-server", bootstrapServers,
                "a broker's client listener");
    }

    /** Returns the number of nodes a KRaft controller quorum reports, or throws a one-line explanation. */
    public static int kafkaControllers(String bootstrapControllers) {
        return probe(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "--bootstrap-controller", bootstrapControllers,
                "a controller's listener");
    }

    private static int probe(String addressKey, String flag, String bootstrapServers, String listener) {
        Properties props = new Properties();
        props.put(addressKey, bootstrapServers);
        // Fail in seconds, not after the default minute.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "lessons-probe");
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            throw new UnreachableClusterException("cannot use " + flag + " '" + bootstrapServers + "': "
                    + rootMessage(e) + " (expected host:port[,host:port...])");
        }
        try {
            return admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new UnreachableClusterException("no Kafka " + (flag.equals("--bootstrap-server") ? "broker" : "controller")
                    + " answered at " + bootstrapServers + " within " + TIMEOUT.toSeconds()
                    + " s; is the cluster running, and is that " + listener + "?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableClusterException("interrupted while probing " + bootstrapServers);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** Returns normally when a ZooKeeper server accepts a session, or throws a one-line explanation. */
    public static void zookeeper(String connectString) {
        try {
            ZooKeeperConnections.open(connectString, (int) TIMEOUT.toMillis()).close(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
