package io.kafkalessons.awssetup;

import io.kafkalessons.testing.ExternalTools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * moto_server, a local mock of the AWS APIs, on a free port of 127.0.0.1, and the environment
 * that points the AWS CLI (and the scripts) at it: no AWS account, no traffic beyond loopback.
 */
final class MotoServer implements AutoCloseable {

    static final String MY_IP = "203.0.113.7";

    private final Process process;
    private final String python;
    private final Map<String, String> env;
    private final Optional<WarmAwsCli> warm;

    private MotoServer(Process process, String python, Map<String, String> env, Optional<WarmAwsCli> warm) {
        this.process = process;
        this.python = python;
        this.env = env;
        this.warm = warm;
    }

    /**
     * Starts a moto_server of its own for a test class (the classes run side by side, and moto's
     * state is not safe to share between them), or skips the test with one line naming what is missing.
     * Synchronized: the next server looks for a free port only once this one listens on its own.
     */
    static synchronized MotoServer start(String logName) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        ExternalTools.require(ExternalTools.onPath("aws"), "the AWS CLI", "apt-get install awscli");
        String python = ExternalTools.onPath("python3")
                ? Shell.run(Map.of(), List.of("python3", "-c", "import sys, moto; print(sys.executable)"), 30).stdout().trim()
                : "";
        ExternalTools.require(!python.isEmpty(), "python3 with moto, a local AWS mock", "pip install 'moto[server]'");
        Process process = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(Path.of("target", logName).toFile()).start();
        awaitPort(port);
        if (!process.isAlive()) {
            throw new IllegalStateException("moto_server ended at start (port " + port + " taken?); see target/" + logName);
        }
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "aws-home");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("HOME", home.toString());
        env.put("KAFKA_LESSONS_MY_IP", MY_IP);
        // The AWS CLI next to that Python first: a version manager's shim costs a fifth of every call.
        env.put("PATH", Path.of(python).getParent() + ":" + System.getenv("PATH"));
        Optional<WarmAwsCli> warm = WarmAwsCli.start(python, home, env);
        warm.ifPresent(w -> w.addTo(env));
        return new MotoServer(process, python, env, warm);
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto_server did not start on port " + port);
    }

    Map<String, String> env() {
        return env;
    }

    String python() {
        return python;
    }

    Path home() {
        return Path.of(env.get("HOME"));
    }

    /** {@code ./cluster ARGS... --name NAME}. */
    Shell.Run cluster(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("./cluster"));
        command.addAll(List.of(args));
        command.addAll(List.of("--name", name));
        return Shell.run(env, command);
    }

    /**
     * The {@code aws} the scripts find on their PATH. A test starts it by this name: Java looks a
     * bare command name up on the test JVM's own PATH, not on the one given to the process.
     */
    String awsCommand() {
        return warm.map(WarmAwsCli::command).orElse("aws");
    }

    /** An AWS CLI call that must succeed; its text output. */
    String aws(String... args) {
        List<String> command = new ArrayList<>(List.of(awsCommand(), "--output", "text"));
        command.addAll(List.of(args));
        Shell.Run run = Shell.run(env, command, 60);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.stderr()).isZero();
        return run.stdout().trim();
    }

    /** A short boto3 script (one Python process instead of many CLI calls); its output. */
    String python(String script) {
        Shell.Run run = Shell.run(env, List.of(python, "-c", script), 60);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run.stdout().trim();
    }

    @Override
    public void close() {
        warm.ifPresent(WarmAwsCli::close);
        process.destroy();
    }
}
