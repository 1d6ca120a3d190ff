package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real ZooKeeper ensemble of 1 to 5 voting servers (plus optional observers), each server a
 * separate JVM listening on 127.0.0.1.
 *
 * <pre>{@code
 * try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().servers(3).start()) {
 *     String connect = zk.connectString();
 *     zk.server(zk.leaderId().getAsInt()).kill();
 * }
 * }</pre>
 */
public final class ZooKeeperEnsemble extends SandboxCluster<ZooKeeperServer> {

    /** ZooKeeper's unit of time; session timeouts must lie between 2 and {@value #MAX_SESSION_TICKS} ticks. */
    public static final int TICK_MS = 200;
    private static final int MAX_SESSION_TICKS = 300;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a relay keeps trying a server that refuses: a new leader opens its quorum port a moment after it is elected. */
    private static final Duration RELAY_PATIENCE = Duration.ofSeconds(1);

    private final List<ZooKeeperServer> servers;
    private final Map<List<Integer>, LinkProxy> relays = new HashMap<>();
    private final Map<List<Integer>, LinkProxy> electionRelays = new HashMap<>();

    private ZooKeeperEnsemble(Builder b) {
        super(b.name);
        int total = b.servers + b.observers;
        // Fixed layout (e.g. 2181): clients 2181.., quorum 2881.., leader election 3881..
        List<Integer> free = b.basePort > 0 ? List.of() : Ports.take(0, 3 * total);
        List<Integer> client = b.basePort > 0 ? Ports.take(b.basePort, total) : free.subList(0, total);
        List<Integer> quorum = b.basePort > 0 ? Ports.take(b.basePort + 700, total) : free.subList(total, 2 * total);
        List<Integer> election = b.basePort > 0 ? Ports.take(b.basePort + 1700, total) : free.subList(2 * total, 3 * total);
        // With relays, server i reaches server j's quorum and election ports through relays (i -> j) the sandbox can hold.
        if (b.relays && total > 1) {
            for (int i = 1; i <= total; i++) {
                for (int j = 1; j <= total; j++) {
                    if (i != j) {
                        relays.put(List.of(i, j), new LinkProxy(quorum.get(j - 1), i + "-to-" + j, RELAY_PATIENCE, null));
                        electionRelays.put(List.of(i, j), new LinkProxy(election.get(j - 1), i + "-to-" + j + "-election",
                                RELAY_PATIENCE, announceReturnRelay(j, i)));
                    }
                }
            }
        }
        List<ZooKeeperServer> list = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int id = i + 1;
            boolean observer = i >= b.servers;
            StringBuilder serverLines = new StringBuilder();
            if (total > 1) {
                for (int j = 0; j < total; j++) {
                    LinkProxy relay = relays.get(List.of(id, j + 1));
                    int quorumPort = relay != null ? relay.port() : quorum.get(j);
                    LinkProxy electionRelay = electionRelays.get(List.of(id, j + 1));
                    int electionPort = electionRelay != null ? electionRelay.port() : election.get(j);
                    serverLines.append("server.").append(j + 1).append('=').append(Ports.HOST).append(':')
                            .append(quorumPort).append(':').append(electionPort)
                            .append(j >= b.servers ? ":observer" : "").append('\n');
                }
            }
            Path dir = dataRoot().resolve("zk-" + id);
            Path config = writeConfig(dir, id, client.get(i), observer, serverLines.toString());
            list.add(new ZooKeeperServer(id, client.get(i), observer, config, dataRoot(), logFile("zk-" + id)));
        }
        this.servers = List.copyOf(list);
    }

    /**
     * A server opening an election connection announces the address it listens on; a server with a higher id drops the
     * connection and connects back there (QuorumCnxManager keeps one per pair, opened by the higher id). The relay
     * announces the relay back instead, so that one is cuttable too.
     */
    private LinkProxy.Opening announceReturnRelay(int to, int from) {
        return (in, out) -> {
            long version = in.readLong();
            out.writeLong(version);
            if (version >= 0) {
                return; // the oldest protocol: the server id alone, no address
            }
            out.writeLong(in.readLong());
            in.readFully(new byte[in.readInt()]);
            byte[] address = (Ports.HOST + ":" + electionRelays.get(List.of(to, from)).port()).getBytes(StandardCharsets.US_ASCII);
            out.writeInt(address.length);
            out.write(address);
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Path writeConfig(Path dir, int id, int clientPort, boolean observer, String serverLines) {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("data").resolve("myid"), id + "\n");
            String config = ""
                    + "tickTime=" + TICK_MS + "\n"
                    + "initLimit=50\n"
                    + "syncLimit=10\n"
                    + "maxSessionTimeout=" + (MAX_SESSION_TICKS * TICK_MS) + "\n"
                    + "dataDir=" + dir.resolve("data") + "\n"
                    + "clientPort=" + clientPort + "\n"
                    + "clientPortAddress=" + Ports.HOST + "\n"
                    + "admin.enableServer=false\n"
                    + "4lw.commands.whitelist=srvr,ruok,mntr,stat,conf,cons\n"
                    + (observer ? "peerType=observer\n" : "")
                    + serverLines;
            Path file = dir.resolve("zoo.cfg");
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ZooKeeper configuration in " + dir, e);
        }
    }

    private ZooKeeperEnsemble startAll() {
        startNodes(() -> awaitQuorum(READY_TIMEOUT));
        return this;
    }

    /** The connection string a client uses: every server, comma separated. */
    public String connectString() {
        return servers.stream().map(ZooKeeperServer::address).collect(Collectors.joining(","));
    }

    @Override
    public List<ZooKeeperServer> nodes() {
        return servers;
    }

    public List<ZooKeeperServer> servers() {
        return servers;
    }

    /** Server by id, 1-based as in {@code server.N} of the configuration. */
    public ZooKeeperServer server(int id) {
        if (id < 1 || id > servers.size()) {
            throw new IllegalArgumentException("no zk server " + id + " in an ensemble of " + servers.size());
        }
        return servers.get(id - 1);
    }

    public int size() {
        return servers.size();
    }

    /** The id of the server that reports "leader" (or "standalone"); empty while there is none. */
    public OptionalInt leaderId() {
        for (ZooKeeperServer server : servers) {
            Optional<String> mode = server.mode();
            if (mode.isPresent() && (mode.get().equals("leader") || mode.get().equals("standalone"))) {
                return OptionalInt.of(server.id());
            }
        }
        return OptionalInt.empty();
    }

    /** Waits until a leader is elected and every running server serves; returns how long it took. */
    public Duration awaitQuorum(Duration timeout) {
        return Poll.until(timeout, Duration.ofMillis(50), () -> {
            servers.forEach(SandboxNode::checkNotCrashed);
            return servers.stream().filter(ZooKeeperServer::isRunning).allMatch(s -> s.mode().isPresent())
                    && leaderId().isPresent();
        }, () -> "the ZooKeeper ensemble '" + name() + "' elected no leader within " + timeout.toSeconds()
                + " s; see the logs in " + logFolder());
    }

    /** Waits until some server other than {@code formerLeader} leads; returns how long it took. */
    public Duration awaitNewLeader(int formerLeader, Duration timeout) {
        return Poll.until(timeout, Duration.ofMillis(20), () -> {
            OptionalInt leader = leaderId();
            return leader.isPresent() && leader.getAsInt() != formerLeader;
        }, () -> "no new ZooKeeper leader within " + timeout.toSeconds() + " s");
    }

    /**
     * Server {@code id} stops receiving anything from the other servers (the leader's proposals
     * and commits among it) but keeps serving its clients from what it has: it falls behind.
     * Needs {@link Builder#holdableLinks()}. Release within {@code syncLimit} (2 s), or the
     * server gives up on its leader and stops serving.
     */
    public void holdUpdatesTo(int id) {
        relaysFrom(id).forEach(LinkProxy::hold);
    }

    /** Lets everything held for server {@code id} through, in order; it catches up. */
    public void releaseUpdatesTo(int id) {
        relaysFrom(id).forEach(LinkProxy::release);
    }

    /**
     * Cuts server {@code id} off from every other server, both ways, on both the quorum and the
     * election ports, as a network partition would; its clients still reach it. Nothing is
     * closed: what either side sends waits in the relays until {@link #heal()}. Needs
     * {@link Builder#holdableLinks()}.
     */
    public void isolate(int id) {
        relaysFrom(id);
        for (Map<List<Integer>, LinkProxy> links : List.of(relays, electionRelays)) {
            links.forEach((pair, relay) -> {
                if (pair.contains(id)) {
                    relay.hold();
                    relay.holdTowardsTarget();
                }
            });
        }
    }

    /** Ends every hold and cut: what waited goes through, in order. */
    public void heal() {
        Stream.concat(relays.values().stream(), electionRelays.values().stream()).forEach(LinkProxy::release);
    }

    private List<LinkProxy> relaysFrom(int id) {
        List<LinkProxy> from = relays.entrySet().stream().filter(e -> e.getKey().get(0) == id)
                .map(Map.Entry::getValue).toList();
        if (from.isEmpty()) {
            throw new IllegalStateException("ensemble '" + name() + "' was built without holdableLinks()");
        }
        return from;
    }

    @Override
    protected void beforeDestroy() {
        Stream.concat(relays.values().stream(), electionRelays.values().stream()).forEach(LinkProxy::close);
    }

    /** Options for a sandbox ensemble. */
    public static final class Builder {
        private int servers = 3;
        private int observers = 0;
        private int basePort = 0;
        private String name = "zookeeper";
        private boolean relays = false;

        private Builder() {
        }

        /** Voting servers: 1, 3, 4 or 5 (2 is allowed but tolerates no failure). */
        public Builder servers(int count) {
            if (count < 1 || count > 5) {
                throw new IllegalArgumentException("a sandbox ensemble has 1 to 5 voting servers, not " + count);
            }
            this.servers = count;
            return this;
        }

        /** Non-voting observers added after the voters (ids servers+1...). */
        public Builder observers(int count) {
            if (count < 0 || count > 3) {
                throw new IllegalArgumentException("0 to 3 observers, not " + count);
            }
            this.observers = count;
            return this;
        }

        /** Fixed client ports from {@code port} (2181 gives 2181, 2182, ...); 0 picks free ports. */
        public Builder basePort(int port) {
            this.basePort = port;
            return this;
        }

        /** Route each server's links to the others through relays, for {@link #holdUpdatesTo(int)} and {@link #isolate(int)}. */
        public Builder holdableLinks() {
            this.relays = true;
            return this;
        }

        /** Name used for the log folder and the data folder. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Starts every server and waits until the ensemble has a leader. */
        public ZooKeeperEnsemble start() {
            if (observers > 0 && servers == 1) {
                throw new IllegalArgumentException("observers need an ensemble of at least 3 voting servers");
            }
            return new ZooKeeperEnsemble(this).startAll();
        }
    }
}
