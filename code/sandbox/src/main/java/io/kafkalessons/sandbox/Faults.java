package io.kafkalessons.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The faults a lesson may inject, by node id: kill ({@code kill -9}), stop (cleanly), pause
 * ({@code SIGSTOP}, like a long garbage-collection pause), resume, restart. A lesson receives one
 * of these and never asks whether it runs on the sandbox: on a cluster it does not own,
 * {@link #available()} is false and the steps that need faults are skipped with
 * {@link #unavailableReason()}.
 */
public interface Faults {

    /** Whether faults can be injected here (all but {@link #unavailable(String)} can). */
    default boolean available() {
        return true;
    }

    /** Why faults cannot be injected here; empty when they can. */
    default String unavailableReason() {
        return "";
    }

    /** {@code kill -9}: the node stops at once, as after a power cut. */
    void kill(int id);

    /** A clean shutdown: the node tells the cluster it is leaving, then exits. */
    void stop(int id);

    /** {@code SIGSTOP}: the node keeps its sockets open but does nothing, like a long GC pause. */
    void pause(int id);

    /** Undo {@link #pause(int)}. */
    void resume(int id);

    /** Start a killed or stopped node again on its old data. */
    void restart(int id);

    /**
     * Where a new client should connect now: the client addresses of the nodes that are neither
     * killed nor paused (a client that picks a frozen node first waits seconds for an answer), or
     * {@code bootstrapServers} when faults are not available.
     */
    String reachable(String bootstrapServers);

    /** Every node that has a client address, by id (a lesson finds its victims here); empty when not available. */
    Map<Integer, String> clientAddresses();

    /** Faults on the nodes of a cluster this process started. */
    static Faults of(SandboxCluster<? extends SandboxNode> cluster) {
        return new NodeFaults(cluster::nodes, node -> node instanceof KafkaNode k ? (k.role().isBroker() ? k.address() : null)
                : node instanceof ZooKeeperServer z ? z.address() : null);
    }

    /** No faults: the cluster belongs to someone else. */
    static Faults unavailable(String reason) {
        return new Unavailable(reason);
    }

    /** Faults delivered as signals to the sandbox's node processes. */
    final class NodeFaults implements Faults {

        private final Supplier<List<? extends SandboxNode>> nodes;
        private final Function<SandboxNode, String> clientAddress;

        private NodeFaults(Supplier<List<? extends SandboxNode>> nodes, Function<SandboxNode, String> clientAddress) {
            this.nodes = nodes;
            this.clientAddress = clientAddress;
        }

        @Override
        public String reachable(String bootstrapServers) {
            return nodes.get().stream().filter(SandboxNode::isRunning).map(clientAddress).filter(Objects::nonNull)
                    .collect(Collectors.joining(","));
        }

        @Override
        public Map<Integer, String> clientAddresses() {
            Map<Integer, String> addresses = new TreeMap<>();
            nodes.get().forEach(n -> {
                String address = clientAddress.apply(n);
                if (address != null) {
                    addresses.put(n.id(), address);
                }
            });
            return addresses;
        }

        @Override
        public void kill(int id) {
            node(id).kill();
        }

        @Override
        public void stop(int id) {
            node(id).stop();
        }

        @Override
        public void pause(int id) {
            node(id).pause();
        }

        @Override
        public void resume(int id) {
            node(id).resume();
        }

        @Override
        public void restart(int id) {
            node(id).restart();
        }

        private SandboxNode node(int id) {
            return nodes.get().stream().filter(n -> n.id() == id).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in this sandbox"));
        }
    }

    /** Every fault refused, naming why. */
    record Unavailable(String unavailableReason) implements Faults {

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public String reachable(String bootstrapServers) {
            return bootstrapServers;
        }

        @Override
        public Map<Integer, String> clientAddresses() {
            return Map.of();
        }

        @Override
        public void kill(int id) {
            throw refused();
        }

        @Override
        public void stop(int id) {
            throw refused();
        }

        @Override
        public void pause(int id) {
            throw refused();
        }

        @Override
        public void resume(int id) {
            throw refused();
        }

        @Override
        public void restart(int id) {
            throw refused();
        }

        private UnsupportedOperationException refused() {
            return new UnsupportedOperationException(unavailableReason);
        }
    }
}
