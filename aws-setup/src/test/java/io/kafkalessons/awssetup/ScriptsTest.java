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
    @DisplayName("Bad usage gives one line naming the problem and a non-zero exit, before any AWS call")
    void badUsage() {
        for (List<String> args : List.of(List.of("bogus"), List.of("up", "--bad-flag"), List.of("up", "--mode", "raft"),
                List.of("ssh", "7"), List.of("render"))) {
            List<String> command = new ArrayList<>(List.of("./cluster"));
            command.addAll(args);
            Shell.Run run = Shell.run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), command, 30);
            assertThat(run.exitCode()).as(String.join(" ", args)).isNotZero();
            assertThat(run.stderrLines()).as(String.join(" ", args)).hasSize(1);
            assertThat(run.stderrLines().get(0)).startsWith("aws-setup: ");
        }
    }
}
