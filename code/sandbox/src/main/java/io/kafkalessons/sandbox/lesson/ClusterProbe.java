package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
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
        return kafka(bootstrapServers, new Properties());
    }

    /** The same with client security settings ({@code --command-config}): TLS, SASL. */
    public static int kafka(String bootstrapServers, Properties security) {
        return probe(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "--bootstrap-server", bootstrapServers,
                "a broker's client listener", security);
    }

    /** Returns the number of nodes a KRaft controller quorum reports, or throws a one-line explanation. */
    public static int kafkaControllers(String bootstrapControllers) {
        return probe(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "--bootstrap-controller", bootstrapControllers,
                "a controller's listener", new Properties());
    }

    private static int probe(String addressKey, String flag, String bootstrapServers, String listener, Properties security) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(addressKey, bootstrapServers);
        // Fail in seconds, not after the default minute.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "lessons-probe");
        if (Arrays.stream(bootstrapServers.split(",")).map(String::trim).allMatch(TlsSniff::refused)) {
            throw new UnreachableClusterException("nothing listens at " + bootstrapServers + " (connection refused);"
                    + " is the cluster running, and is that " + listener + "?");
        }
        boolean plain = "PLAINTEXT".equalsIgnoreCase(security.getProperty(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
        // Every address is asked, not only the first: one busy broker that is slow to turn the request away
        // must not hide that the others expect TLS (seen once in CI, where it cost the plain 10 s probe).
        Optional<String> tls = plain ? Arrays.stream(bootstrapServers.split(",")).map(String::trim)
                .filter(TlsSniff::expectsTls).findFirst() : Optional.empty();
        if (tls.isPresent()) {
            throw new UnreachableClusterException("the listener at " + tls.get()
                    + " closed the connection on a plaintext request: it expects TLS (SSL or SASL_SSL);"
                    + " give its client settings with --command-config FILE");
        }
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            String root = rootMessage(e);
            throw new UnreachableClusterException(root.contains("bootstrap")
                    ? "cannot use " + flag + " '" + bootstrapServers + "': " + root + " (expected host:port[,host:port...])"
                    : "cannot make a client with these settings (--command-config): " + root);
        }
        try {
            return admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                throw new UnreachableClusterException("the cluster at " + bootstrapServers + " refused the client: "
                        + refused.getClass().getSimpleName() + ": " + firstLine(refused.getMessage()));
            }
            throw unanswered(flag, bootstrapServers, listener, security);
        } catch (TimeoutException e) {
            throw unanswered(flag, bootstrapServers, listener, security);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableClusterException("interrupted while probing " + bootstrapServers);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static UnreachableClusterException unanswered(String flag, String address, String listener, Properties security) {
        boolean plain = !security.containsKey(AdminClientConfig.SECURITY_PROTOCOL_CONFIG);
        return new UnreachableClusterException("no Kafka " + (flag.equals("--bootstrap-server") ? "broker" : "controller")
                + " answered at " + address + " within " + TIMEOUT.toSeconds() + " s; is the cluster running, and is that "
                + listener + "?" + (plain ? " (a TLS or SASL listener also needs --command-config FILE with its settings)" : ""));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Returns normally when a ZooKeeper server accepts a session, or throws a one-line explanation. */
    public static void zookeeper(String connectString) {
        String servers = connectString.contains("/") ? connectString.substring(0, connectString.indexOf('/')) : connectString;
        if (Arrays.stream(servers.split(",")).map(String::trim).allMatch(TlsSniff::refused)) {
            throw new UnreachableClusterException("nothing listens at " + servers + " (connection refused);"
                    + " is the ensemble running, and is that its client port?");
        }
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
