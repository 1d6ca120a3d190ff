package io.kafkalessons.awssetup;

import io.kafkalessons.testing.ExternalTools;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptsTest {

    static final List<String> SCRIPTS = List.of("cluster", "lib/render.sh", "templates/node-setup.sh", "rehearse");

    @Test
    @DisplayName("shellcheck finds nothing in any aws-setup script")
    void shellcheckIsClean() {
        ExternalTools.require(ExternalTools.onPath("shellcheck"), "shellcheck", "apt-get install shellcheck");
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        command.addAll(SCRIPTS);
        Shell.Run run = Shell.run(Map.of(), command, 60);
        assertThat(run.stdout() + run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    @DisplayName("new_cluster_id never returns an id starting with '-' (kafka-storage would take it for an option): given random bytes"
            + " that encode to '+...', it draws again; real ids are 22 URL-safe base64 characters")
    void clusterIdsNeverStartWithADash() {
        // head is replaced by a function: its first call gives bytes whose base64 starts with '+' (a '-' once made URL-safe).
        String script = """
                source lib/render.sh
                dir="$(mktemp -d)"
                head() {
                  if [[ -e $dir/seen ]]; then printf 'AAAAAAAAAAAAAAAA'; return; fi
                  : > "$dir/seen"
                  printf '\\370'
                  command head -c 15 /dev/zero
                }
                new_cluster_id
                unset -f head
                rm -r "$dir"
                for i in {1..20}; do new_cluster_id; done
                """;
        Shell.Run run = Shell.run(Map.of(), List.of("bash", "-c", script), 30);
        assertThat(run.exitCode()).isZero();
        List<String> ids = run.stdout().lines().toList();
        assertThat(ids.get(0)).as("the second draw: 16 'A' bytes").isEqualTo("QUFBQUFBQUFBQUFBQUFBQQ");
        assertThat(ids).hasSize(21).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}"));
    }

    @Test
    @DisplayName("Bad usage gives one line naming the problem and a non-zero exit, before any AWS call")
    void badUsage() {
        for (List<String> args : List.of(List.of("bogus"), List.of("up", "--bad-flag"), List.of("up", "--mode", "raft"),
                List.of("ssh", "7"), List.of("render"), List.of("fault", "9", "kill"), List.of("fault", "2", "explode"),
                List.of("fault", "2", "kill", "--service", "postgres"))) {
            List<String> command = new ArrayList<>(List.of("./cluster"));
            command.addAll(args);
            Shell.Run run = Shell.run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), command, 30);
            assertThat(run.exitCode()).as(String.join(" ", args)).isNotZero();
            assertThat(run.stderrLines()).as(String.join(" ", args)).hasSize(1);
            assertThat(run.stderrLines().get(0)).startsWith("aws-setup: ");
        }
    }

    @Test
    @DisplayName("cluster fault N ACTION: each action's command on the node, through systemd; a kill is followed by a stop so"
            + " that systemd does not restart the service before the lesson does")
    void faultCommands() {
        Map<String, String> expected = Map.of(
                "kill", "sudo -n systemctl kill --signal=KILL kafka && sudo -n systemctl stop kafka",
                "stop", "sudo -n systemctl stop kafka",
                "pause", "sudo -n systemctl kill --signal=STOP kafka",
                "resume", "sudo -n systemctl kill --signal=CONT kafka",
                "restart", "sudo -n systemctl start kafka",
                "check", "sudo -n systemctl is-active --quiet kafka");
        expected.forEach((action, command) -> {
            Shell.Run run = Shell.run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), List.of("./cluster", "fault", "2", action,
                    "--print"), 30);
            assertThat(run.exitCode()).as(action).isZero();
            assertThat(run.stdout().strip()).as(action).isEqualTo(command);
        });
        Shell.Run zk = Shell.run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), List.of("./cluster", "fault", "1", "pause",
                "--service", "zookeeper", "--print"), 30);
        assertThat(zk.stdout().strip()).isEqualTo("sudo -n systemctl kill --signal=STOP zookeeper");
    }
}
