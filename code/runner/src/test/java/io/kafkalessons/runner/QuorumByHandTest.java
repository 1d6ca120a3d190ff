package io.kafkalessons.runner;

import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lesson 4's "Try this", typed into the workshop console of {@code ./lessons cluster} as its README
 * says: five ZooKeeper servers, two killed, a third killed, one restarted, with lesson 1 run against
 * the ensemble in between and {@code status} read after each kill.
 */
class QuorumByHandTest {

    private static final Path README = Path.of("../04-quorum/README.md");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private PipedWriter keyboard;

    @Test
    @DisplayName("Lesson 4's Try this 1-3: with 2 of 5 servers killed lesson 1 still works; with 3 it says no server answered"
            + " and the survivors' mode turns to -; after restart zk 3 a leader is elected, lesson 1's znodes from before the"
            + " outage are all there, and lesson 1 works again")
    void quorumLostAndRegained() throws Exception {
        List<String> cluster = TryThis.typed(README, 1, "./lessons cluster ");
        assertThat(cluster).containsExactly("./lessons cluster --zookeeper-servers 5 --brokers 0");
        keyboard = new PipedWriter();
        BufferedReader console = new BufferedReader(new PipedReader(keyboard));
        PrintStream out = new PrintStream(shown, true, StandardCharsets.UTF_8);
        String[] args = {"--zookeeper-servers", "5", "--brokers", "0", "--free-ports"};
        AtomicInteger exit = new AtomicInteger(-1);
        Thread sandbox = new Thread(() -> exit.set(ClusterCommand.run(args, console, out, out, false)), "lessons-cluster");
        sandbox.start();
        try {
            String ensemble = awaitShown(Pattern.compile("ZooKeeper: +--zookeeper (\\S+)"));
            String[] lessonOne = TryThis.command(README, 1, "1", Map.of(
                    "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184,127.0.0.1:2185", ensemble)).toArray(String[]::new);

            type("kill zk 1", "zk server 1: kill done");
            type("kill zk 2", "zk server 2: kill done");
            CapturedRun twoDown = CapturedRun.lessons(lessonOne);
            assertThat(twoDown.exitCode()).as(twoDown.out() + twoDown.err()).isZero();

            type("kill zk 3", "zk server 3: kill done");
            CapturedRun threeDown = CapturedRun.lessons(lessonOne);
            assertThat(threeDown.exitCode()).isNotZero();
            assertThat(threeDown.errLines()).singleElement().asString().contains("no ZooKeeper server answered");
            // The survivors still run, but without a quorum they do not serve: no mode to report.
            String table = type("status", "(?s)ZooKeeper leader: none.*zk server 5 [^\\n]*\\n");
            for (int id : List.of(4, 5)) {
                assertThat(table).containsPattern("zk server " + id + " +running +\\d+ +\\S+ +-\\R");
            }

            type("restart zk 3", "zk server 3: restart done");
            String server = ensemble.split(",")[2];
            CapturedTool znodes = awaitZnodes(server);
            assertThat(znodes.out()).contains("[config, queue, workers]");
            CapturedRun afterRestart = CapturedRun.lessons(lessonOne);
            assertThat(afterRestart.exitCode()).as(afterRestart.out() + afterRestart.err()).isZero();
        } finally {
            keyboard.write("quit\n");
            keyboard.flush();
            sandbox.join(WAIT.toMillis());
        }
        assertThat(exit.get()).isZero();
    }

    /** Types a console command, waits until what it printed matches {@code expected} (a regex) and returns that output. */
    private String type(String command, String expected) throws IOException {
        int before = shown.toString(StandardCharsets.UTF_8).length();
        keyboard.write(command + "\n");
        keyboard.flush();
        Pattern wanted = Pattern.compile(expected);
        return Poll.untilMatches(WAIT, Duration.ofMillis(50), () -> shown.toString(StandardCharsets.UTF_8).substring(before),
                printed -> wanted.matcher(printed).find(), printed -> "'" + command + "' did not print '" + expected + "'\n" + shown);
    }

    /** The first group of {@code pattern} in what the console printed, once it has printed it. */
    private String awaitShown(Pattern pattern) {
        return Poll.untilMatches(WAIT, Duration.ofMillis(50), () -> {
            Matcher m = pattern.matcher(shown.toString(StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        }, Objects::nonNull, found -> "the console never printed " + pattern + "\n" + shown);
    }

    /** ZooKeeper's shell on the restarted server, once the ensemble serves again: the children of lesson 1's folder. */
    private static CapturedTool awaitZnodes(String server) {
        List<String> ls = List.of("zookeeper-shell", server, "ls", "/lessons/01");
        return Poll.untilMatches(WAIT, Duration.ofMillis(500), () -> CapturedTool.run(ls),
                shell -> shell.exitCodes().equals(List.of(0)) && shell.out().contains("["),
                shell -> "the ensemble did not serve again: " + (shell == null ? "" : shell.out() + shell.err()));
    }
}
