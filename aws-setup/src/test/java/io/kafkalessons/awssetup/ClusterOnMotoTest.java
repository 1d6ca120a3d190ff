package io.kafkalessons.awssetup;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripts against moto_server, a local mock of the AWS APIs, on 127.0.0.1: no AWS account,
 * no traffic beyond loopback. One cluster's life: up, up again, status, down, down again; then
 * the bad inputs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOnMotoTest {

    private static final String NAME = "ci";
    private static final String MY_IP = MotoServer.MY_IP;
    private static MotoServer moto;
    private static Shell.Run firstUp;
    private static Shell.Run secondUp;
    private static Counts afterUp;
    private static Counts afterSecondUp;

    /** Resources carrying the cluster's tag, by kind. */
    record Counts(int vpcs, int subnets, int gateways, int routeTables, int securityGroups, int instances, int keyPairs) {
        int total() {
            return vpcs + subnets + gateways + routeTables + securityGroups + instances + keyPairs;
        }
    }

    @BeforeAll
    static void startMotoAndBringTheClusterUp() throws Exception {
        moto = MotoServer.start("moto.log");
        firstUp = cluster("up", "--yes");
        afterUp = counts();
        secondUp = cluster("up", "--yes");
        afterSecondUp = counts();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private static Shell.Run cluster(String... args) {
        return moto.cluster(NAME, args);
    }

    private static String aws(String... args) {
        return moto.aws(args);
    }

    /** Counts every kind of tagged resource in one Python call (one AWS CLI call each would take seconds). */
    static Counts counts() {
        return counts(moto, NAME);
    }

    static Counts counts(MotoServer moto, String name) {
        String script = String.join("\n",
                "import boto3",
                "ec2 = boto3.client('ec2')",
                "f = [{'Name': 'tag:kafka-lessons:cluster', 'Values': ['" + name + "']}]",
                "live = f + [{'Name': 'instance-state-name', 'Values': ['pending', 'running']}]",
                "print(len(ec2.describe_vpcs(Filters=f)['Vpcs']),",
                "      len(ec2.describe_subnets(Filters=f)['Subnets']),",
                "      len(ec2.describe_internet_gateways(Filters=f)['InternetGateways']),",
                "      len(ec2.describe_route_tables(Filters=f)['RouteTables']),",
                "      len(ec2.describe_security_groups(Filters=f)['SecurityGroups']),",
                "      sum(len(r['Instances']) for r in ec2.describe_instances(Filters=live)['Reservations']),",
                "      len(ec2.describe_key_pairs(Filters=f)['KeyPairs']))");
        int[] n = Arrays.stream(moto.python(script).split("\\s+")).mapToInt(Integer::parseInt).toArray();
        return new Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }

    @Test
    @Order(1)
    @DisplayName("up creates one VPC, subnet, internet gateway, route table, security group and key pair, and 4 instances")
    void upCreatesTheCluster() {
        assertThat(firstUp.exitCode()).as(firstUp.stderr()).isZero();
        assertThat(afterUp).isEqualTo(new Counts(1, 1, 1, 1, 1, 4, 1));
        assertThat(firstUp.stdout()).contains("created 10 resources", "cost: about $0.18 per hour");
    }

    @Test
    @Order(2)
    @DisplayName("The security group lets in SSH and Kafka from the caller's address only, and everything from inside the group")
    void ingressRules() {
        String rules = aws("ec2", "describe-security-groups", "--filters", "Name=tag:kafka-lessons:cluster,Values=" + NAME,
                "--query", "SecurityGroups[0].IpPermissions[].[IpProtocol,FromPort,ToPort,IpRanges[0].CidrIp,UserIdGroupPairs[0].GroupId]");
        String group = aws("ec2", "describe-security-groups", "--filters", "Name=tag:kafka-lessons:cluster,Values=" + NAME,
                "--query", "SecurityGroups[0].GroupId");
        assertThat(rules.lines().map(String::trim).sorted().toList()).containsExactly(
                "-1\tNone\tNone\tNone\t" + group,
                "tcp\t22\t22\t" + MY_IP + "/32\tNone",
                "tcp\t9092\t9092\t" + MY_IP + "/32\tNone");
    }

    @Test
    @Order(3)
    @DisplayName("Each instance: IMDSv2 required, a 20 GB gp3 data volume, a fixed private address, tags for node and cluster")
    void instances() {
        String rows = aws("ec2", "describe-instances", "--filters", "Name=tag:kafka-lessons:cluster,Values=" + NAME,
                "--query", "Reservations[].Instances[].[Tags[?Key=='kafka-lessons:node'].Value|[0],PrivateIpAddress,"
                        + "MetadataOptions.HttpTokens,BlockDeviceMappings[0].DeviceName]");
        assertThat(rows.lines().map(String::trim).sorted().toList()).containsExactly(
                "1\t10.42.1.11\trequired\t/dev/sdf",
                "2\t10.42.1.12\trequired\t/dev/sdf",
                "3\t10.42.1.13\trequired\t/dev/sdf",
                "4\t10.42.1.14\trequired\t/dev/sdf");
        String project = aws("ec2", "describe-instances", "--filters", "Name=tag:Project,Values=kafka-lessons",
                "--query", "length(Reservations[].Instances[])");
        assertThat(project).isEqualTo("4");
    }

    @Test
    @Order(4)
    @DisplayName("A second up changes nothing: the same counts, and it says so")
    void secondUpChangesNothing() {
        assertThat(secondUp.exitCode()).as(secondUp.stderr()).isZero();
        assertThat(afterSecondUp).isEqualTo(afterUp);
        assertThat(secondUp.stdout()).contains("nothing to create").doesNotContain("created ");
    }

    @Test
    @Order(5)
    @DisplayName("status lists 4 nodes with their roles, state and EC2 health checks, and prints the --bootstrap-server string")
    void status() {
        // --no-probe: the mock's public names are made up, and the tests send nothing beyond loopback.
        Shell.Run run = cluster("status", "--no-probe");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> nodes = run.stdout().lines().filter(l -> l.matches("^[1-4] .*")).toList();
        assertThat(nodes).hasSize(4);
        assertThat(nodes.get(0)).contains("controller+broker", "running", "ok/ok", "10.42.1.11");
        assertThat(nodes.get(3)).contains("broker", "10.42.1.14").doesNotContain("controller");
        assertThat(run.stdout()).containsPattern("--bootstrap-server [^ ,]+:9092(,[^ ,]+:9092){3}");
    }

    @Test
    @Order(6)
    @DisplayName("down leaves 0 tagged resources; a second down finds nothing and succeeds")
    void downRemovesEverything() {
        Shell.Run down = cluster("down", "--yes");
        assertThat(down.exitCode()).as(down.stderr()).isZero();
        assertThat(counts().total()).isZero();
        Shell.Run again = cluster("down", "--yes");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("nothing to delete");
    }

    @Test
    @Order(7)
    @DisplayName("No credentials, an unknown region, a missing key pair: one clear line each, exit 1, nothing created")
    void badInputCreatesNothing() {
        Map<String, String> noCredentials = new HashMap<>(moto.env());
        noCredentials.put("AWS_ACCESS_KEY_ID", null);
        noCredentials.put("AWS_SECRET_ACCESS_KEY", null);
        Map<String, List<String>> cases = Map.of(
                "no usable AWS credentials", List.of("up", "--yes", "--name", "bad"),
                "unknown region 'eu-nowhere-9'", List.of("up", "--yes", "--name", "bad", "--region", "eu-nowhere-9"),
                "is not an AWS region name", List.of("up", "--yes", "--name", "bad", "--region", "mars"),
                "key pair 'not-there' not found", List.of("up", "--yes", "--name", "bad", "--key-name", "not-there"),
                "not confirmed", List.of("up", "--name", "bad"));
        cases.forEach((message, args) -> {
            List<String> command = new ArrayList<>(List.of("./cluster"));
            command.addAll(args);
            Shell.Run run = Shell.run(message.startsWith("no usable") ? noCredentials : moto.env(), command, 60);
            assertThat(run.exitCode()).as(message).isEqualTo(1);
            assertThat(run.stderrLines()).as(message).hasSize(1);
            assertThat(run.stderrLines().get(0)).as(message).startsWith("aws-setup: ").contains(message);
        });
        assertThat(Integer.parseInt(aws("ec2", "describe-vpcs", "--filters", "Name=tag:kafka-lessons:cluster,Values=bad",
                "--query", "length(Vpcs)"))).isZero();
        assertThat(Integer.parseInt(aws("ec2", "describe-key-pairs", "--filters", "Name=key-name,Values=kafka-lessons-bad",
                "--query", "length(KeyPairs)"))).isZero();
    }
}
