package io.kafkalessons.sandbox;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The --fault-command's rendering, checks and bookkeeping, with a recording shell instead of sh. */
class CommandFaultsTest {

    private final List<String> ran = new ArrayList<>();

    private CommandFaults faults(String template, int failingExitFor) {
        return new CommandFaults(template, Map.of(1, "10.0.0.1", 2, "10.0.0.2"), Map.of(1, "10.0.0.1:9092", 2, "10.0.0.2:9092"),
                command -> {
                    ran.add(command);
                    return command.contains("node-" + failingExitFor) ? new CommandFaults.Outcome(3, "permission denied")
                            : new CommandFaults.Outcome(0, "");
                });
    }

    @Test
    @DisplayName("Each action fills in {id}, {host}, {action} and {signal}: kill KILL, stop TERM, pause STOP, resume CONT, check 0,"
            + " restart none")
    void placeholders() {
        CommandFaults f = faults("ssh {host} act {action} {signal} node-{id}", -1);
        f.kill(1);
        f.pause(2);
        f.resume(2);
        f.stop(1);
        f.restart(1);
        assertThat(f.check()).isEmpty();
        assertThat(ran).containsExactly("ssh 10.0.0.1 act kill KILL node-1", "ssh 10.0.0.2 act pause STOP node-2",
                "ssh 10.0.0.2 act resume CONT node-2", "ssh 10.0.0.1 act stop TERM node-1", "ssh 10.0.0.1 act restart  node-1",
                "ssh 10.0.0.1 act check 0 node-1", "ssh 10.0.0.2 act check 0 node-2");
    }

    @Test
    @DisplayName("The check names the first node the command may not act on, with the command's own words; a failed action"
            + " stops the lesson the same way")
    void refusals() {
        CommandFaults f = faults("act {action} node-{id}", 2);
        assertThat(f.check()).hasValue("the fault command cannot act on node 2: 'act check node-2' exited 3 (permission denied)");
        assertThatThrownBy(() -> f.kill(2)).hasMessage("kill of node 2 failed: 'act kill node-2' exited 3 (permission denied)");
    }

    @Test
    @DisplayName("New clients go to the nodes not killed, stopped or paused; a command that names no node, or a host that"
            + " could inject shell syntax, is refused")
    void reachableAndUnsafe() {
        CommandFaults f = faults("act {action} node-{id}", -1);
        f.pause(1);
        assertThat(f.reachable("boot:1")).isEqualTo("10.0.0.2:9092");
        f.resume(1);
        assertThat(f.reachable("boot:1")).isEqualTo("10.0.0.1:9092,10.0.0.2:9092");
        assertThatThrownBy(() -> new CommandFaults("kill -9 everything", Map.of(1, "h"), Map.of(), c -> null))
                .hasMessageContaining("names no node");
        assertThatThrownBy(() -> new CommandFaults("ssh {host}", Map.of(1, "h; rm -rf /"), Map.of(), c -> null))
                .hasMessageContaining("cannot go into a command");
    }

    @Test
    @DisplayName("A hosts file: 'ID HOST' lines, comments and blank lines skipped, anything else named by its line number")
    void hostsFile() {
        assertThat(CommandFaults.readHosts(List.of("# the EC2 nodes", "1 ec2-a.example.com", "", "101 10.0.0.9  # a controller")))
                .containsExactly(Map.entry(1, "ec2-a.example.com"), Map.entry(101, "10.0.0.9"));
        assertThatThrownBy(() -> CommandFaults.readHosts(List.of("1 a", "two b"))).hasMessage("line 2 of the hosts file is not"
                + " 'ID HOST': two b");
    }
}
