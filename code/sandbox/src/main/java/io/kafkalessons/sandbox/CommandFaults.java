package io.kafkalessons.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Faults on a cluster the sandbox did not start, delivered by a command the learner gives, one run
 * per action: for example {@code ssh {host} sudo systemctl kill --signal {signal} kafka} on the EC2
 * cluster, or {@code curl -sf -X POST http://127.0.0.1:8090/api/nodes/broker-{id}/{action}} on a
 * {@code ./lessons cluster --ui}. The command is run by {@code sh -c} with these placeholders filled in:
 *
 * <ul>
 *   <li>{@code {id}}: the node's id; {@code {host}}: its host (from the cluster's metadata or a hosts file);</li>
 *   <li>{@code {action}}: {@code kill}, {@code stop}, {@code pause}, {@code resume}, {@code restart}, or
 *       {@code check} (before the lesson starts: may the command act on this node?);</li>
 *   <li>{@code {signal}}: {@code KILL}, {@code TERM}, {@code STOP}, {@code CONT}, and {@code 0} for check
 *       (sending signal 0 only checks permission); empty for restart.</li>
 * </ul>
 *
 * <p>{@link #check()} runs {@code check} on every node first, so a missing mapping or permission is
 * refused before the lesson changes anything. A command that fails during the lesson stops it with
 * the command's own first line.
 */
public final class CommandFaults implements Faults {

    /** What an action is called in the command, and the signal that does it (restart has none). */
    public enum Action {
        KILL("KILL"), STOP("TERM"), PAUSE("STOP"), RESUME("CONT"), RESTART(""), CHECK("0");

        private final String signal;

        Action(String signal) {
            this.signal = signal;
        }

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Runs one rendered command; returns its exit code and first line of output. */
    @FunctionalInterface
    public interface Shell {
        Outcome run(String command);
    }

    /** Exit code and output of one command. */
    public record Outcome(int exitCode, String output) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Hosts and ids go into a shell command: nothing but what a host name or address may hold. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");

    private final String template;
    private final Map<Integer, String> hosts;
    private final Map<Integer, String> clientAddresses;
    private final Shell shell;
    private final Set<Integer> down = new HashSet<>();
    private final Map<Action, Integer> counts = new EnumMap<>(Action.class);

    /**
     * @param template        the command, with placeholders
     * @param hosts           each node's host, by id
     * @param clientAddresses each node's client address (host:port), by id, for {@link #reachable(String)}
     */
    public CommandFaults(String template, Map<Integer, String> hosts, Map<Integer, String> clientAddresses, Shell shell) {
        if (!template.contains("{id}") && !template.contains("{host}")) {
            throw new IllegalArgumentException("the fault command names no node: put {host} or {id} in it");
        }
        hosts.forEach((id, host) -> {
            if (!SAFE.matcher(host).matches()) {
                throw new IllegalArgumentException("node " + id + "'s host '" + host + "' cannot go into a command");
            }
        });
        this.template = template;
        this.hosts = new TreeMap<>(hosts);
        this.clientAddresses = new TreeMap<>(clientAddresses);
        this.shell = shell;
    }

    /** Runs commands with {@code sh -c}, each given a minute at most. */
    public static Shell systemShell() {
        return command -> {
            try {
                Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                boolean done = p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly().waitFor();
                    return new Outcome(-1, "no answer within " + TIMEOUT.toSeconds() + " s");
                }
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return new Outcome(p.exitValue(), output.lines().findFirst().orElse(""));
            } catch (IOException e) {
                return new Outcome(-1, "cannot run sh: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(-1, "interrupted");
            }
        };
    }

    /** The command for one action on one node, as it will run. */
    public String render(Action action, int id) {
        String host = hosts.get(id);
        if (host == null) {
            throw new IllegalArgumentException("no host known for node " + id + " (known: " + hosts.keySet()
                    + "); name it in a --hosts file");
        }
        return template.replace("{id}", Integer.toString(id)).replace("{host}", host)
                .replace("{action}", action.word()).replace("{signal}", action.signal);
    }

    /** Runs {@code check} for every node; empty when all passed, else the first refusal as one sentence. */
    public java.util.Optional<String> check() {
        for (int id : hosts.keySet()) {
            String command = render(Action.CHECK, id);
            Outcome outcome = shell.run(command);
            if (outcome.exitCode() != 0) {
                return java.util.Optional.of("the fault command cannot act on node " + id + ": '" + command + "' exited "
                        + outcome.exitCode() + (outcome.output().isEmpty() ? "" : " (" + outcome.output() + ")"));
            }
        }
        return java.util.Optional.empty();
    }

    /** The nodes the command acts on, by id. */
    public Map<Integer, String> hosts() {
        return hosts;
    }

    /** How many times each action was run (the check included). */
    public synchronized Map<Action, Integer> counts() {
        return Map.copyOf(counts);
    }

    private void act(Action action, int id) {
        String command = render(action, id);
        Outcome outcome = shell.run(command);
        synchronized (this) {
            counts.merge(action, 1, Integer::sum);
        }
        if (outcome.exitCode() != 0) {
            throw new SandboxException(action.word() + " of node " + id + " failed: '" + command + "' exited "
                    + outcome.exitCode() + (outcome.output().isEmpty() ? "" : " (" + outcome.output() + ")"));
        }
        synchronized (this) {
            if (action == Action.RESUME || action == Action.RESTART) {
                down.remove(id);
            } else {
                down.add(id);
            }
        }
    }

    @Override
    public void kill(int id) {
        act(Action.KILL, id);
    }

    @Override
    public void stop(int id) {
        act(Action.STOP, id);
    }

    @Override
    public void pause(int id) {
        act(Action.PAUSE, id);
    }

    @Override
    public void resume(int id) {
        act(Action.RESUME, id);
    }

    @Override
    public void restart(int id) {
        act(Action.RESTART, id);
    }

    @Override
    public synchronized String reachable(String bootstrapServers) {
        String up = clientAddresses.entrySet().stream().filter(e -> !down.contains(e.getKey())).map(Map.Entry::getValue)
                .collect(Collectors.joining(","));
        return up.isEmpty() ? bootstrapServers : up;
    }

    @Override
    public Map<Integer, String> clientAddresses() {
        return clientAddresses;
    }

    /** Reads a hosts file: one node a line, {@code ID HOST}; blank lines and {@code #} comments are skipped. */
    public static Map<Integer, String> readHosts(List<String> lines) {
        Map<Integer, String> hosts = new TreeMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || !parts[0].matches("\\d+")) {
                throw new IllegalArgumentException("line " + n + " of the hosts file is not 'ID HOST': " + raw.strip());
            }
            hosts.put(Integer.parseInt(parts[0]), parts[1]);
        }
        return hosts;
    }
}
