package io.kafkalessons.awssetup;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster up --secure} against moto_server: the instance role and what it may read, the
 * secrets in Parameter Store and not in user data, the --command-config file, and down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureClusterOnMotoTest {

    private static final String NAME = "sec";
    private static final String ROLE = "kafka-lessons-sec-eu-west-1";
    private static final String PATH = "/kafka-lessons/sec";
    private static MotoServer moto;
    private static Shell.Run up;

    @BeforeAll
    static void bringASecuredClusterUp() throws Exception {
        moto = MotoServer.start("moto-secure.log");
        up = moto.cluster(NAME, "up", "--secure", "--yes");
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private static String secret(String name) {
        return moto.aws("ssm", "get-parameter", "--with-decryption", "--name", PATH + "/" + name, "--query", "Parameter.Value");
    }

    @Test
    @Order(1)
    @DisplayName("up --secure creates the network, 4 instances, an instance role and the secrets (12 resources)")
    void upCreatesTheSecuredCluster() {
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        assertThat(up.stdout()).contains("created 12 resources", "created instance role " + ROLE);
        assertThat(ClusterOnMotoTest.counts(moto, NAME)).isEqualTo(new ClusterOnMotoTest.Counts(1, 1, 1, 1, 1, 4, 1));
    }

    @Test
    @Order(2)
    @DisplayName("The instance role may only read the cluster's parameters, and every instance carries it")
    void instanceRoleIsLimitedToTheClustersParameters() {
        String policy = moto.aws("iam", "get-role-policy", "--role-name", ROLE, "--policy-name", "read-cluster-secrets",
                "--query", "PolicyDocument.Statement[0].[Effect,join(',',Action),Resource]");
        assertThat(policy).matches("Allow\tssm:GetParameter,ssm:GetParameters\tarn:aws:ssm:eu-west-1:\\d{12}:parameter"
                + PATH + "/\\*");
        assertThat(moto.aws("iam", "list-role-policies", "--role-name", ROLE, "--query", "length(PolicyNames)")).isEqualTo("1");
        assertThat(moto.aws("iam", "list-attached-role-policies", "--role-name", ROLE, "--query", "length(AttachedPolicies)"))
                .isEqualTo("0");
        String profiles = moto.aws("ec2", "describe-instances", "--filters", "Name=tag:kafka-lessons:cluster,Values=" + NAME,
                "--query", "Reservations[].Instances[].IamInstanceProfile.Arn");
        assertThat(profiles.split("\\s+")).hasSize(4).allSatisfy(arn -> assertThat(arn).endsWith("instance-profile/" + ROLE));
    }

    @Test
    @Order(3)
    @DisplayName("Seven SecureString parameters: a key store per node, the trust store, two passwords")
    void secretsAreSecureStrings() {
        String rows = moto.aws("ssm", "get-parameters-by-path", "--path", PATH, "--recursive",
                "--query", "Parameters[].[Name,Type]");
        assertThat(rows.lines().map(String::trim).sorted().toList()).containsExactly(
                PATH + "/admin-password\tSecureString",
                PATH + "/node-1/keystore\tSecureString",
                PATH + "/node-2/keystore\tSecureString",
                PATH + "/node-3/keystore\tSecureString",
                PATH + "/node-4/keystore\tSecureString",
                PATH + "/store-password\tSecureString",
                PATH + "/truststore\tSecureString");
        // A PKCS12 file: DER, so it starts with a SEQUENCE tag.
        assertThat(Base64.getDecoder().decode(secret("node-1/keystore"))[0]).isEqualTo((byte) 0x30);
    }

    @Test
    @Order(4)
    @DisplayName("The user data names where the secrets are and holds none of them")
    void userDataHoldsNoSecret() {
        // Every instance's user data in one Python call (one CLI call each would take seconds).
        String userData = moto.python(String.join("\n",
                "import base64, boto3",
                "ec2 = boto3.client('ec2')",
                "f = [{'Name': 'tag:kafka-lessons:cluster', 'Values': ['" + NAME + "']}]",
                "ids = [i['InstanceId'] for r in ec2.describe_instances(Filters=f)['Reservations'] for i in r['Instances']]",
                "for i in ids:",
                "    v = ec2.describe_instance_attribute(InstanceId=i, Attribute='userData')['UserData']['Value']",
                "    print(base64.b64decode(v).decode().replace('\\n', ' '))"));
        List<String> secrets = List.of(secret("admin-password"), secret("store-password"), secret("node-1/keystore").substring(0, 40));
        assertThat(userData.lines().toList()).hasSize(4).allSatisfy(data -> {
            assertThat(data).contains("SECURE=true", "SECRETS_PATH=" + PATH, "listener.security.protocol.map="
                    + "INTERNAL:SSL,EXTERNAL:SASL_SSL,CONTROLLER:SSL", "ssl.keystore.password=@STORE_PASSWORD@");
            secrets.forEach(s -> assertThat(data).doesNotContain(s));
        });
    }

    @Test
    @Order(5)
    @DisplayName("status prints the --command-config file: SASL_SSL as admin with the stored password, the CA's trust store")
    void statusPrintsTheCommandConfig() throws IOException {
        Shell.Run run = moto.cluster(NAME, "status", "--no-probe");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Matcher m = Pattern.compile("--command-config (\\S+)").matcher(run.stdout());
        assertThat(m.find()).as(run.stdout()).isTrue();
        Path file = Path.of(m.group(1));
        String config = Files.readString(file);
        assertThat(config).contains("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "username=\"admin\" password=\"" + secret("admin-password") + "\"");
        assertThat(Files.exists(Path.of(config.lines().filter(l -> l.startsWith("ssl.truststore.location="))
                .findFirst().orElseThrow().substring("ssl.truststore.location=".length())))).isTrue();
        assertThat(Files.getPosixFilePermissions(file.getParent())).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    @Order(6)
    @DisplayName("down deletes the instances, the network, the parameters, the role and this machine's CA")
    void downRemovesEverything() {
        Shell.Run down = moto.cluster(NAME, "down", "--yes");
        assertThat(down.exitCode()).as(down.stderr()).isZero();
        assertThat(ClusterOnMotoTest.counts(moto, NAME).total()).isZero();
        assertThat(moto.aws("ssm", "get-parameters-by-path", "--path", PATH, "--recursive", "--query", "length(Parameters)"))
                .isEqualTo("0");
        assertThat(Shell.run(moto.env(), List.of(moto.awsCommand(), "iam", "get-role", "--role-name", ROLE), 30).exitCode()).isNotZero();
        assertThat(moto.home().resolve(".kafka-lessons/sec-eu-west-1")).doesNotExist();
    }

    @Test
    @Order(7)
    @DisplayName("--secure with --mode zookeeper: one line, exit 1, nothing created")
    void secureNeedsKraft() {
        Shell.Run run = moto.cluster("zk", "up", "--secure", "--mode", "zookeeper", "--yes");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderrLines())
                .containsExactly("aws-setup: --secure needs --mode kraft (a secured ZooKeeper cluster is not covered)");
    }
}
