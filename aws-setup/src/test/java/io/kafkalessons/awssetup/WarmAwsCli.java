package io.kafkalessons.awssetup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI, kept warm: a Python process that has loaded it once and forks a child per call
 * ({@code src/test/resources/warm-aws}), and an {@code aws} command in front of it on the PATH.
 * Every call still runs the AWS CLI's own code with the caller's arguments, environment and
 * streams; it only skips the second of start-up each call costs, which made the moto tests
 * spend most of their time starting Python.
 */
final class WarmAwsCli implements AutoCloseable {

    private final Process process;
    private final Path bin;
    private final Path socket;

    private WarmAwsCli(Process process, Path bin, Path socket) {
        this.process = process;
        this.bin = bin;
        this.socket = socket;
    }

    /** Starts it with {@code python} in {@code folder}; empty when that Python has no awscli module. */
    static Optional<WarmAwsCli> start(String python, Path folder, Map<String, String> env) throws Exception {
        if (Shell.run(env, List.of(python, "-c", "import awscli.clidriver"), 30).exitCode() != 0) {
            return Optional.empty();
        }
        Path bin = Files.createDirectories(folder.resolve("warm-aws-bin"));
        Path server = folder.resolve("aws_fork_server.py");
        Files.write(server, resource("aws_fork_server.py"));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, "#!" + python + " -IS\n" + new String(resource("aws"), StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = folder.resolve("aws.sock");
        ProcessBuilder builder = new ProcessBuilder(python, server.toString(), socket.toString())
                .redirectError(folder.resolve("warm-aws.log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
        if (!"ready".equals(firstLine.get(60, TimeUnit.SECONDS))) {
            process.destroy();
            throw new IllegalStateException("the warm AWS CLI did not start; see " + folder.resolve("warm-aws.log"));
        }
        return Optional.of(new WarmAwsCli(process, bin, socket));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WarmAwsCli.class.getResourceAsStream("/warm-aws/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource warm-aws/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Its {@code aws} command. */
    String command() {
        return bin.resolve("aws").toString();
    }

    /** The environment that sends {@code aws} to it: its folder first on the PATH, and its socket. */
    void addTo(Map<String, String> env) {
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("WARM_AWS_SOCKET", socket.toString());
    }

    @Override
    public void close() {
        process.destroy();
    }
}
