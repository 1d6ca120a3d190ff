package io.kafkalessons.awssetup;

import io.kafkalessons.testing.ExternalTools;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four-node rehearsal, where this machine allows it (root and network namespaces). It
 * builds its own lab network, so it is the only test here that needs more than loopback.
 */
@Isolated
class RehearsalTest {

    /**
     * The secured KRaft rehearsal: it covers the KRaft path of the EC2 cluster and TLS with SCRAM.
     * The ZooKeeper-mode rehearsal (Kafka 3.9) is run by hand, {@code sudo aws-setup/rehearse
     * zookeeper}: on two cores each rehearsal costs about a minute, and the suite must stay well
     * under 15 minutes; {@code RenderTest} still checks every ZooKeeper-mode file. For the same
     * reason lesson 10 on the rehearsal cluster (about 115 s more, with Kafka's 9 s session timeout)
     * is run by hand: {@code sudo REHEARSE_LESSONS="7 10" aws-setup/rehearse kraft-secure}.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kraft-secure"})
    @DisplayName("Four namespace hosts run the rendered configs; lesson 7 crashes their leaders through --fault-command and loses what it loses on"
            + " the sandbox; cutting a leader's host moves the leader; all cleaned up")
    void rehearsal(String mode) {
        boolean root = Shell.run(Map.of(), List.of("id", "-u"), 10).stdout().trim().equals("0");
        ExternalTools.require(root, "root, for network namespaces", "run the tests as root, or sudo aws-setup/rehearse");
        ExternalTools.require(ExternalTools.onPath("ip"), "the ip command", "apt-get install iproute2");
        // Lesson 7 with its crash part, through the lab's fault command: the lesson and its --fault-command on separate hosts.
        Shell.Run run = Shell.run(Map.of("REHEARSE_LESSONS", "7"), List.of("./rehearse", mode), 420);
        ExternalTools.require(!run.stdout().contains("rehearse: skipped:"), "what ./rehearse asks for", run.stdout().trim());
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        boolean secure = mode.equals("kraft-secure");
        assertThat(run.stdout()).contains(secure ? "all 4 nodes up and in the metadata quorum"
                : "all 4 brokers registered in ZooKeeper (/brokers/ids = [1, 2, 3, 4])");
        assertThat(run.stdout()).contains("RESULT mode=" + (secure ? "kraft secure=true" : "zookeeper secure=false") + " ready=",
                "lessons=7:ok");
        if (secure) {
            // The lesson ran over SASL_SSL as the SCRAM user admin, and only that way in.
            assertThat(run.stdout()).contains("--command-config client.properties (SASL_SSL as the SCRAM user admin)");
        }
        // Lesson 7 killed and restarted brokers of hosts it did not start, and lost what it loses on its own sandbox.
        assertThat(run.stdout()).contains("[faults] lesson 7 may kill, freeze and restart these nodes: {1=10.42.1.11, 2=10.42.1.12,"
                        + " 3=10.42.1.13, 4=10.42.1.14}")
                .contains("RESULT acks=0:acked=1000,readable=0,lost=1000 acks=1:acked=1000,readable=0,lost=1000"
                        + " acks=all:acked=1000,readable=1000,lost=0");
        // Lesson 7 restarts a broker in its last step; before it ends it waits until the cluster lists every broker again,
        // so that a lesson run next (lesson 10, by hand: see the class comment) finds all four.
        assertThat(run.stdout()).doesNotContain("were not back within");
        if (run.stdout().contains("[faults] waiting for brokers")) {
            assertThat(run.stdout()).contains("[faults] every broker is back, after ");
        }
        Matcher failover = Pattern.compile("new leader: node ([123]), seen (\\d+) s after the cut").matcher(run.stdout());
        assertThat(failover.find()).as(run.stdout()).isTrue();
        Matcher tag = Pattern.compile("namespaces (kl\\d+)-\\*").matcher(run.stdout());
        assertThat(tag.find()).isTrue();
        // Nothing left behind: no namespace of this run, no blackhole route.
        String namespaces = Shell.run(Map.of(), List.of("ip", "netns", "list"), 10).stdout();
        assertThat(namespaces).doesNotContain(tag.group(1) + "-");
        assertThat(Shell.run(Map.of(), List.of("ip", "route", "show"), 10).stdout()).doesNotContain("10.42.1.0/24");
    }
}
