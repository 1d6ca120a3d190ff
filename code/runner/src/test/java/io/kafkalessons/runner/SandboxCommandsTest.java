package io.kafkalessons.runner;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/** The first README command, and the workshop console, end to end on their own sandboxes. */
class SandboxCommandsTest {

    @Test
    @DisplayName("./lessons 1 starts its own 3-server ensemble, narrates, prints RESULT and exits 0")
    void lessonOneOnItsOwnSandbox() {
        CapturedRun run = CapturedRun.lessons("1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("[sandbox] starting 3 ZooKeeper servers on 127.0.0.1")
                .contains("Step 1:")
                .contains("RESULT version=1 staleUpdateRejected=true sequential=job-0000000000,job-0000000001,job-0000000002"
                        + " ephemeralWhileOpen=1 ephemeralAfterClose=0 children=config,queue,workers");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("./lessons cluster --ui: an instructor kills and restarts a broker from the console, then quits; the view's address is printed")
    void clusterConsole() {
        String script = String.join("\n", "kill broker 1", "status", "restart broker 1", "pause zk 1", "resume zk 1",
                "kill broker 7", "quit") + "\n";
        CapturedRun run = CapturedRun.of((o, e) -> ClusterCommand.run(
                new String[] {"--brokers", "1", "--zookeeper-servers", "1", "--free-ports", "--ui"},
                new BufferedReader(new StringReader(script)), o, e, false));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("The data lives in a temporary folder and is deleted when this command ends")
                .containsPattern("Workshop view: http://127\\.0\\.0\\.1:\\d+/ \\(open it in a browser")
                .contains("broker 1 (also a controller): kill done")
                .containsPattern("broker 1 \\(also a controller\\) +stopped +- ")
                .contains("broker 1 (also a controller): restart done")
                .contains("zk server 1: pause done", "now paused")
                .contains("zk server 1: resume done")
                .contains("no Kafka node 7 in cluster 'cluster-kafka'")
                .contains("[sandbox] stopped");
    }
}
