package io.kafkalessons.sandbox.view;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.KafkaNode;
import io.kafkalessons.sandbox.SandboxNode;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;

import java.util.Locale;
import java.util.Optional;

/**
 * What the page's buttons do: kill ({@code kill -9}), pause ({@code SIGSTOP}), resume and restart a
 * node the sandbox owns, and start or stop the traffic generator; the same actions as the
 * {@code ./lessons cluster} console. The same routes serve a lesson's {@code --fault-command}
 * ({@code curl -sf -X POST .../api/nodes/broker-{id}/{action}}), which also uses {@code stop}
 * (a clean shutdown) and {@code check} (changes nothing). An action that cannot be done (the node is already down, the
 * cluster is not the sandbox's) is answered with one plain sentence, never an error page.
 */
final class NodeActions {

    /** An answer for the page: 200 when done, else why not. */
    record Outcome(int status, String message) {
    }

    @FunctionalInterface
    interface Action {
        Outcome run();
    }

    private final Optional<KafkaCluster> kafka;
    private final Optional<ZooKeeperEnsemble> zk;
    private final Optional<Traffic> traffic;
    private final Timeline timeline;

    NodeActions(Optional<KafkaCluster> kafka, Optional<ZooKeeperEnsemble> zk, Optional<Traffic> traffic, Timeline timeline) {
        this.kafka = kafka;
        this.zk = zk;
        this.traffic = traffic;
        this.timeline = timeline;
    }

    /** {@code /api/nodes/broker-2/kill}, {@code /api/nodes/zk-1/pause}, ... */
    Outcome node(String path) {
        if (kafka.isEmpty()) {
            return new Outcome(403, "this view is read-only: the cluster is not the sandbox's, so its nodes are not touched");
        }
        String[] parts = path.substring("/api/nodes/".length()).split("/");
        if (parts.length != 2) {
            return new Outcome(404, "say /api/nodes/NODE/ACTION, e.g. /api/nodes/broker-2/kill");
        }
        Optional<SandboxNode> node = find(parts[0]);
        if (node.isEmpty()) {
            return new Outcome(404, "there is no node '" + parts[0] + "' in this sandbox");
        }
        return act(node.get(), parts[1].toLowerCase(Locale.ROOT));
    }

    private Optional<SandboxNode> find(String key) {
        int dash = key.lastIndexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        int id;
        try {
            id = Integer.parseInt(key.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String kind = key.substring(0, dash);
        if (kind.equals("zk")) {
            return zk.flatMap(z -> z.servers().stream().filter(s -> s.id() == id).findFirst().map(s -> (SandboxNode) s));
        }
        return kafka.flatMap(k -> k.nodes().stream().filter(n -> n.id() == id && kind.equals(kindOf(n))).findFirst()
                .map(n -> (SandboxNode) n));
    }

    private static String kindOf(KafkaNode node) {
        return node.role().isBroker() ? "broker" : "controller";
    }

    private Outcome act(SandboxNode node, String action) {
        String name = node instanceof KafkaNode k ? kindOf(k) + " " + k.id() : "zk server " + node.id();
        SandboxNode.State state = node.state();
        if (action.equals("check")) {
            return new Outcome(200, name + " is the sandbox's: the page and --fault-command may act on it (now " + state(state) + ")");
        }
        String refusal = switch (action) {
            case "kill", "pause" -> state == SandboxNode.State.RUNNING ? null
                    : name + " is " + (state == SandboxNode.State.PAUSED ? "paused; resume it first" : "already down");
            case "resume" -> state == SandboxNode.State.PAUSED ? null : name + " is not paused";
            case "stop" -> state != SandboxNode.State.STOPPED ? null : name + " is already down";
            case "restart" -> state == SandboxNode.State.STOPPED ? null : name + " is still up; kill it first";
            default -> "unknown action '" + action + "': kill, stop, pause, resume, restart or check";
        };
        if (refusal != null) {
            return new Outcome(409, refusal);
        }
        long start = System.nanoTime();
        try {
            switch (action) {
                case "kill" -> node.kill();
                case "stop" -> node.stop();
                case "pause" -> node.pause();
                case "resume" -> node.resume();
                default -> node.restart();
            }
        } catch (RuntimeException e) {
            return new Outcome(500, action + " of " + name + " failed: " + e.getMessage());
        }
        String done = name + ": " + action + (action.equals("kill") ? " (kill -9)" : action.equals("pause") ? " (SIGSTOP)" : "")
                + " through the view, done in " + (System.nanoTime() - start) / 1_000_000 + " ms";
        timeline.add(System.currentTimeMillis(), "action", done);
        return new Outcome(200, done);
    }

    private static String state(SandboxNode.State state) {
        return state == SandboxNode.State.STOPPED ? "down" : state.name().toLowerCase(Locale.ROOT);
    }

    /** {@code /api/traffic/start} or {@code /api/traffic/stop}. */
    Outcome traffic(String path) {
        if (traffic.isEmpty()) {
            return new Outcome(403, "this view is read-only: it writes nothing to a cluster that is not the sandbox's");
        }
        String action = path.substring("/api/traffic/".length());
        try {
            switch (action) {
                case "start" -> traffic.get().start(kafka.map(k -> k.brokers().size()).orElse(1));
                case "stop" -> traffic.get().stop();
                default -> {
                    return new Outcome(404, "say /api/traffic/start or /api/traffic/stop");
                }
            }
        } catch (Exception e) {
            return new Outcome(500, "the traffic could not " + action + ": " + e.getMessage());
        }
        String done = "traffic " + (action.equals("start") ? "started: " + Traffic.RECORDS_PER_SECOND
                + " records/s to topic " + Traffic.TOPIC + ", group " + Traffic.GROUP + " reading" : "stopped");
        timeline.add(System.currentTimeMillis(), "action", done);
        return new Outcome(200, done);
    }
}
