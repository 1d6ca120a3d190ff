package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The listeners of a sandbox Kafka cluster: which client listeners each broker opens, which one
 * the brokers (and the sandbox's own admin client) use, and how the controller listener is protected.
 *
 * <p>{@link #plain()} is one PLAINTEXT listener. {@link #secured(Path, List)} is lesson 14's cluster:
 * <ul>
 *   <li>{@code PLAINTEXT}: no encryption, no authentication (principal {@code User:ANONYMOUS}), kept for contrast;</li>
 *   <li>{@code SSL}: TLS 1.3 with client certificates required (mutual TLS); the brokers replicate over it and the
 *       sandbox's admin client ({@code CN=sandbox-admin}, a super user) uses it;</li>
 *   <li>{@code SASL_SSL}: TLS 1.3 plus a SCRAM-SHA-512 user name and password;</li>
 *   <li>{@code CONTROLLER}: TLS 1.3 with client certificates, between brokers and the KRaft controllers.</li>
 * </ul>
 * PLAINTEXT and SASL_SSL are advertised at {@link #RELAYED_HOST} (another loopback address) on the
 * same port: nothing listens there until a lesson starts its own relay, which then sees every byte.
 */
public final class Listeners {

    /** A loopback address where a lesson may put a relay in front of a listener bound on 127.0.0.1. */
    public static final String RELAYED_HOST = "127.0.0.2";
    /** The principal of the sandbox's admin certificate; a super user. */
    public static final String ADMIN_COMMON_NAME = "sandbox-admin";

    /** A client listener; its name is also its security protocol. */
    public record ClientListener(String name, String advertisedHost) {
    }

    private final List<ClientListener> clientListeners;
    private final String primary;
    private final String controllerProtocol;
    private final Map<Integer, Map<String, String>> nodeSecurity;
    private final Properties clientConfig;
    private final Path clientConfigFile;

    private Listeners(List<ClientListener> clientListeners, String primary, String controllerProtocol,
                      Map<Integer, Map<String, String>> nodeSecurity, Properties clientConfig, Path clientConfigFile) {
        this.clientListeners = clientListeners;
        this.primary = primary;
        this.controllerProtocol = controllerProtocol;
        this.nodeSecurity = nodeSecurity;
        this.clientConfig = clientConfig;
        this.clientConfigFile = clientConfigFile;
    }

    public static Listeners plain() {
        return new Listeners(List.of(new ClientListener("PLAINTEXT", Ports.HOST)), "PLAINTEXT", "PLAINTEXT",
                Map.of(), new Properties(), null);
    }

    /**
     * Makes a CA, a certificate per node and one for the sandbox's admin in {@code dir}, and the
     * settings that secure every listener but PLAINTEXT. Nothing here is written outside {@code dir}.
     */
    public static Listeners secured(Path dir, List<Integer> nodeIds) {
        privateFolder(dir);
        CertificateAuthority ca = CertificateAuthority.create("kafka-lessons-sandbox-ca");
        List<String> hosts = List.of(Ports.HOST, RELAYED_HOST, "localhost");
        Path truststore = ca.writeTruststore(dir.resolve("truststore.p12"));
        String password = ca.storePassword();
        Map<Integer, Map<String, String>> perNode = new LinkedHashMap<>();
        String superUsers = nodeIds.stream().map(id -> "User:CN=" + nodeName(id)).collect(Collectors.joining(";"))
                + ";User:CN=" + ADMIN_COMMON_NAME;
        for (int id : nodeIds) {
            Path keystore = ca.writeKeystore(dir.resolve(nodeName(id) + ".p12"), nodeName(id), hosts);
            Map<String, String> c = new LinkedHashMap<>(storeSettings(keystore, truststore, password));
            c.put("ssl.enabled.protocols", "TLSv1.3");
            c.put("ssl.protocol", "TLSv1.3");
            // Mutual TLS on the broker-to-broker and controller listeners: the certificate names the node.
            c.put("listener.name.ssl.ssl.client.auth", "required");
            c.put("listener.name.controller.ssl.client.auth", "required");
            c.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            c.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            c.put("super.users", superUsers);
            perNode.put(id, c);
        }
        Path adminKeystore = ca.writeKeystore(dir.resolve(ADMIN_COMMON_NAME + ".p12"), ADMIN_COMMON_NAME, hosts);
        Properties client = new Properties();
        client.put("security.protocol", "SSL");
        client.putAll(storeSettings(adminKeystore, truststore, password));
        Path file = write(client, dir.resolve("admin-client.properties"));
        List<ClientListener> listeners = List.of(new ClientListener("PLAINTEXT", RELAYED_HOST),
                new ClientListener("SSL", Ports.HOST), new ClientListener("SASL_SSL", RELAYED_HOST));
        return new Listeners(listeners, "SSL", "SSL", perNode, client, file);
    }

    /** Creates {@code dir} readable by this user only (keys and passwords go there), where the file system allows. */
    private static void privateFolder(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder keeps the default permissions.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static String nodeName(int id) {
        return "kafka-" + id;
    }

    private static Map<String, String> storeSettings(Path keystore, Path truststore, String password) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
        c.put("ssl.keystore.password", password);
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
        c.put("ssl.truststore.password", password);
        return c;
    }

    private static Path write(Properties props, Path file) {
        StringBuilder text = new StringBuilder("# client settings for the sandbox's SSL listener (a super user's certificate)\n");
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(file, text.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    List<ClientListener> clientListeners() {
        return clientListeners;
    }

    /** The listener the brokers replicate over and the sandbox's tools use. */
    String primary() {
        return primary;
    }

    String protocolMap() {
        return clientListeners.stream().map(l -> l.name() + ":" + l.name()).collect(Collectors.joining(","))
                + ",CONTROLLER:" + controllerProtocol;
    }

    Map<String, String> nodeSecurity(int nodeId) {
        return nodeSecurity.getOrDefault(nodeId, Map.of());
    }

    /** Client settings for the primary listener (empty for a plain cluster). */
    Properties clientConfig() {
        Properties copy = new Properties();
        copy.putAll(clientConfig);
        return copy;
    }

    /** The same settings as a file a tool takes with {@code --command-config}; null for a plain cluster. */
    Path clientConfigFile() {
        return clientConfigFile;
    }
}
