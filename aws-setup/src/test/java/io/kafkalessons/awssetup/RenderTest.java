package io.kafkalessons.awssetup;

import io.kafkalessons.testing.ExternalTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class RenderTest {

    /** Scratch files go under the build folder, which {@code mvn clean} removes; /tmp keeps no leftovers. */
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String VOTERS = "1@10.42.1.11:9093,2@10.42.1.12:9093,3@10.42.1.13:9093";
    private static Path kraft;
    private static Path zookeeper;
    private static Path secure;

    @BeforeAll
    static void render() throws IOException {
        kraft = Files.createTempDirectory(TARGET, "render-kraft");
        zookeeper = Files.createTempDirectory(TARGET, "render-zookeeper");
        assertThat(Shell.run(Map.of(), List.of("./cluster", "render", "--out", kraft.toString(),
                "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qg")).exitCode()).isZero();
        assertThat(Shell.run(Map.of(), List.of("./cluster", "render", "--mode", "zookeeper", "--out",
                zookeeper.toString())).exitCode()).isZero();
        secure = Files.createTempDirectory(TARGET, "render-secure");
        assertThat(Shell.run(Map.of(), List.of("./cluster", "render", "--secure", "--out", secure.toString())).exitCode()).isZero();
    }

    static Properties props(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file)));
        return p;
    }

    @Test
    @DisplayName("KRaft: nodes 1-3 are controller+broker, node 4 broker only; ids, voters and listeners per node")
    void kraftConfigs() throws IOException {
        for (int n = 1; n <= 4; n++) {
            Properties p = props(kraft.resolve("server-" + n + ".properties"));
            String ip = "10.42.1.1" + n;
            assertThat(p.getProperty("node.id")).isEqualTo(Integer.toString(n));
            assertThat(p.getProperty("process.roles")).isEqualTo(n <= 3 ? "broker,controller" : "broker");
            assertThat(p.getProperty("controller.quorum.voters")).isEqualTo(VOTERS);
            assertThat(p.getProperty("listeners")).isEqualTo("INTERNAL://" + ip + ":19092,EXTERNAL://0.0.0.0:9092"
                    + (n <= 3 ? ",CONTROLLER://" + ip + ":9093" : ""));
            // Inside the VPC brokers talk on private addresses; clients outside get the public name.
            assertThat(p.getProperty("advertised.listeners"))
                    .isEqualTo("INTERNAL://" + ip + ":19092,EXTERNAL://@EXTERNAL_HOST@:9092");
            assertThat(p.getProperty("inter.broker.listener.name")).isEqualTo("INTERNAL");
            assertThat(p.getProperty("min.insync.replicas")).isEqualTo("2");
            assertThat(p.getProperty("zookeeper.connect")).isNull();
        }
        assertThat(Files.readString(kraft.resolve("user-data-1.yaml"))).contains("CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qg",
                "KAFKA_VERSION=" + System.getProperty("kafka.version"));
    }

    @Test
    @DisplayName("ZooKeeper mode: every broker points at the 3-server ensemble on nodes 1-3; only they get zookeeper.properties")
    void zookeeperConfigs() throws IOException {
        for (int n = 1; n <= 4; n++) {
            Properties p = props(zookeeper.resolve("server-" + n + ".properties"));
            assertThat(p.getProperty("broker.id")).isEqualTo(Integer.toString(n));
            assertThat(p.getProperty("zookeeper.connect")).isEqualTo("10.42.1.11:2181,10.42.1.12:2181,10.42.1.13:2181");
            assertThat(p.getProperty("process.roles")).isNull();
            assertThat(Files.exists(zookeeper.resolve("zookeeper-" + n + ".properties"))).isEqualTo(n <= 3);
        }
        Properties zk = props(zookeeper.resolve("zookeeper-2.properties"));
        assertThat(zk.getProperty("server.1")).isEqualTo("10.42.1.11:2888:3888");
        assertThat(zk.getProperty("server.3")).isEqualTo("10.42.1.13:2888:3888");
        assertThat(Files.readString(zookeeper.resolve("user-data-2.yaml")))
                .contains("KAFKA_VERSION=" + System.getProperty("legacy-kafka.version"),
                "path: /etc/systemd/system/zookeeper.service", "path: /opt/kafka-lessons/myid");
        assertThat(Files.readString(zookeeper.resolve("user-data-4.yaml"))).doesNotContain("path: /etc/systemd/system/zookeeper.service");
    }

    @Test
    @DisplayName("--secure: EXTERNAL is SASL_SSL with SCRAM-SHA-512, INTERNAL and CONTROLLER mutual TLS, ACLs on; "
            + "the nodes and admin are super users; no secret in the text")
    void secureConfigs() throws IOException {
        for (int n = 1; n <= 4; n++) {
            Properties p = props(secure.resolve("server-" + n + ".properties"));
            assertThat(p.getProperty("listener.security.protocol.map")).isEqualTo("INTERNAL:SSL,EXTERNAL:SASL_SSL,CONTROLLER:SSL");
            assertThat(p.getProperty("listener.name.internal.ssl.client.auth")).isEqualTo("required");
            assertThat(p.getProperty("listener.name.controller.ssl.client.auth")).isEqualTo("required");
            assertThat(p.getProperty("sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
            assertThat(p.getProperty("authorizer.class.name")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            assertThat(p.getProperty("super.users"))
                    .isEqualTo("User:CN=kafka-node-1;User:CN=kafka-node-2;User:CN=kafka-node-3;User:CN=kafka-node-4;User:admin");
            // Filled in on the node from the secrets it fetched; the rendered text holds placeholders only.
            assertThat(p.getProperty("ssl.keystore.password")).isEqualTo("@STORE_PASSWORD@");
            assertThat(p.getProperty("ssl.keystore.location")).isEqualTo("@TLS_DIR@/keystore.p12");
        }
        assertThat(Files.readString(secure.resolve("user-data-1.yaml"))).contains("SECURE=true", "SECRETS_PATH=/kafka-lessons/lessons");
        assertThat(Files.readString(kraft.resolve("user-data-1.yaml"))).contains("SECURE=false");
    }

    @Test
    @DisplayName("All 12 rendered user-data files pass cloud-init's schema check (and a broken one does not)")
    void cloudInitSchema() throws IOException {
        ExternalTools.require(ExternalTools.onPath("cloud-init"), "cloud-init", "apt-get install cloud-init");
        for (Path dir : List.of(kraft, zookeeper, secure)) {
            for (int n = 1; n <= 4; n++) {
                Path file = dir.resolve("user-data-" + n + ".yaml");
                Shell.Run run = Shell.run(Map.of(), List.of("cloud-init", "schema", "--config-file", file.toString()), 60);
                assertThat(run.exitCode()).as(file + ": " + run.stdout() + run.stderr()).isZero();
                assertThat(run.stdout()).contains("Valid cloud-config");
            }
        }
        Path broken = Files.createTempFile(TARGET, "user-data-broken", ".yaml");
        Files.writeString(broken, Files.readString(kraft.resolve("user-data-1.yaml"))
                .replace("  - path: /opt/kafka-lessons/node.env\n", "  - paht: /opt/kafka-lessons/node.env\n"));
        assertThat(Shell.run(Map.of(), List.of("cloud-init", "schema", "--config-file", broken.toString()), 60).exitCode())
                .isNotZero();
    }

    @Test
    @DisplayName("The node script accepts a download whose SHA-512 matches Apache's published file, and refuses one that does not")
    void checksumIsVerified() throws IOException {
        Path dir = Files.createTempDirectory(TARGET, "sha512");
        Path tgz = dir.resolve("kafka_2.13-" + System.getProperty("kafka.version") + ".tgz");
        Files.writeString(tgz, "not really Kafka, but bytes all the same\n");
        String hex = Shell.run(Map.of(), List.of("sha512sum", tgz.toString()), 10).stdout().split(" ")[0].toUpperCase();
        // Apache's layout: "name: " then groups of 8 hex digits, wrapped over lines.
        StringBuilder published = new StringBuilder(tgz.getFileName() + ":");
        for (int i = 0; i < hex.length(); i += 8) {
            published.append(i > 0 && i % 64 == 0 ? "\n                     " : " ").append(hex, i, i + 8);
        }
        Path good = Files.writeString(dir.resolve("good.sha512"), published + "\n");
        Path bad = Files.writeString(dir.resolve("bad.sha512"), published.toString().replace(hex.substring(0, 8), "00000000") + "\n");
        Shell.Run ok = Shell.run(Map.of(), List.of("templates/node-setup.sh", "verify-sha512", tgz.toString(), good.toString()), 10);
        Shell.Run refused = Shell.run(Map.of(), List.of("templates/node-setup.sh", "verify-sha512", tgz.toString(), bad.toString()), 10);
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("does not match the published one; not installing");
    }
}
