package io.kafkalessons.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Relays in the sandbox's JVM in front of every link of a Kafka cluster built with
 * {@link KafkaCluster.Builder#cuttableLinks()}: between any two nodes, and between the clients and
 * each broker. A lesson cuts a pair, or one direction of it, delays it, and heals it again, the way
 * a network partition would: bytes stop, nothing is closed.
 *
 * <p>Kafka's own settings do the routing, the way a cluster on several networks is set up. Broker A
 * fetches from broker B through B's listener {@code FROM_A} (A's {@code inter.broker.listener.name}),
 * which B advertises at the relay A-to-B; node A reaches voter V at the relay A-to-V named in A's own
 * {@code controller.quorum.voters} (its Raft traffic, and as a broker its heartbeats); clients reach
 * broker B at the relay clients-to-B, B's advertised {@code PLAINTEXT} address. Every node listens on
 * ports only its relays know.
 */
public final class KafkaLinks implements AutoCloseable {

    /** The id that stands for every client of the cluster: the lesson's producers, consumers and admin clients. */
    public static final int CLIENTS = 0;

    private static final String CLIENT_LISTENER = "PLAINTEXT";

    private record Link(int from, int to) {
    }

    private final Map<Link, List<LinkProxy>> relays = new LinkedHashMap<>();
    private final Map<Integer, Map<String, String>> nodeConfig = new LinkedHashMap<>();
    private final Map<Integer, Integer> clientRelayPorts = new LinkedHashMap<>();
    private final Map<Link, Integer> fetchRelayPorts = new LinkedHashMap<>();
    private final Map<Link, Integer> controllerRelayPorts = new LinkedHashMap<>();
    private final List<Integer> nodeIds;

    /**
     * @param brokerPorts   each broker's own {@code PLAINTEXT} port
     * @param voterPorts    each voter's own {@code CONTROLLER} port
     * @param nodeIds       every node, brokers and controllers
     */
    KafkaLinks(Map<Integer, Integer> brokerPorts, Map<Integer, Integer> voterPorts, List<Integer> nodeIds) {
        this.nodeIds = List.copyOf(nodeIds);
        List<Integer> brokers = List.copyOf(brokerPorts.keySet());
        List<Integer> free = Ports.take(0, brokers.size() * brokers.size());
        // The port broker b listens on for fetches from broker a.
        Map<Link, Integer> fetchPorts = new LinkedHashMap<>();
        for (int i = 0; i < brokers.size(); i++) {
            for (int j = 0; j < brokers.size(); j++) {
                fetchPorts.put(new Link(brokers.get(j), brokers.get(i)), free.get(i * brokers.size() + j));
            }
        }
        brokerPorts.forEach((b, port) -> clientRelayPorts.put(b, relay(CLIENTS, b, port)));
        fetchPorts.forEach((link, port) -> {
            if (link.from() != link.to()) {
                fetchRelayPorts.put(link, relay(link.from(), link.to(), port));
            }
        });
        for (int a : nodeIds) {
            voterPorts.forEach((v, port) -> {
                if (a != v) {
                    controllerRelayPorts.put(new Link(a, v), relay(a, v, port));
                }
            });
        }
        for (int a : nodeIds) {
            nodeConfig.put(a, configOf(a, brokers, brokerPorts, voterPorts, fetchPorts));
        }
    }

    private int relay(int from, int to, int targetPort) {
        LinkProxy proxy = new LinkProxy(targetPort, (from == CLIENTS ? "clients" : Integer.toString(from)) + "-to-" + to);
        relays.computeIfAbsent(new Link(from, to), l -> new ArrayList<>()).add(proxy);
        return proxy.port();
    }

    private Map<String, String> configOf(int a, List<Integer> brokers, Map<Integer, Integer> brokerPorts,
                                         Map<Integer, Integer> voterPorts, Map<Link, Integer> fetchPorts) {
        Map<String, String> c = new LinkedHashMap<>();
        List<String> bound = new ArrayList<>();
        List<String> protocols = new ArrayList<>(List.of(CLIENT_LISTENER + ":PLAINTEXT", "CONTROLLER:PLAINTEXT"));
        if (brokers.contains(a)) {
            List<String> advertised = new ArrayList<>();
            bound.add(CLIENT_LISTENER + "://" + Ports.HOST + ":" + brokerPorts.get(a));
            advertised.add(CLIENT_LISTENER + "://" + Ports.HOST + ":" + clientRelayPorts.get(a));
            for (int x : brokers) {
                int own = fetchPorts.get(new Link(x, a));
                bound.add(fromListener(x) + "://" + Ports.HOST + ":" + own);
                advertised.add(fromListener(x) + "://" + Ports.HOST + ":" + (x == a ? own : fetchRelayPorts.get(new Link(x, a))));
                protocols.add(fromListener(x) + ":PLAINTEXT");
            }
            c.put("advertised.listeners", String.join(",", advertised));
            c.put("inter.broker.listener.name", fromListener(a));
        }
        if (voterPorts.containsKey(a)) {
            bound.add("CONTROLLER://" + Ports.HOST + ":" + voterPorts.get(a));
        }
        c.put("listeners", String.join(",", bound));
        c.put("listener.security.protocol.map", String.join(",", protocols));
        c.put("controller.quorum.voters", voterPorts.entrySet().stream()
                .map(v -> v.getKey() + "@" + Ports.HOST + ":"
                        + (v.getKey() == a ? v.getValue() : controllerRelayPorts.get(new Link(a, v.getKey()))))
                .collect(Collectors.joining(",")));
        return c;
    }

    private static String fromListener(int broker) {
        return "FROM_" + broker;
    }

    /** The settings node {@code id} needs so that its links go through the relays. */
    Map<String, String> configOf(int id) {
        return nodeConfig.get(id);
    }

    /** The port clients use for broker {@code id}: its relay, advertised as its {@code PLAINTEXT} address. */
    int clientPort(int id) {
        return clientRelayPorts.get(id);
    }

    /** Cuts {@code a} and {@code b} apart, both ways; either may be {@link #CLIENTS}. */
    public void cut(int a, int b) {
        cutOneWay(a, b);
        cutOneWay(b, a);
    }

    /** Nothing {@code from} sends reaches {@code to} any more, on any connection between them; the other way still works. */
    public void cutOneWay(int from, int to) {
        check(from, to);
        relaysOf(from, to).forEach(LinkProxy::holdTowardsTarget);
        relaysOf(to, from).forEach(LinkProxy::hold);
    }

    /** Cuts node {@code id} off from every other node; clients still reach it. */
    public void isolate(int id) {
        check(id, CLIENTS);
        nodeIds.stream().filter(other -> other != id).forEach(other -> cut(id, other));
    }

    /** Every byte between {@code a} and {@code b}, either way, waits {@code delay} on its way. */
    public void delay(int a, int b, Duration delay) {
        check(a, b);
        relaysOf(a, b).forEach(r -> r.delay(delay));
        relaysOf(b, a).forEach(r -> r.delay(delay));
    }

    /** Heals every cut and removes every delay: what waited goes through, in order. */
    public void heal() {
        all().forEach(r -> {
            r.delay(Duration.ZERO);
            r.release();
        });
    }

    /** Heals the link between {@code a} and {@code b} (either may be {@link #CLIENTS}), both ways, and removes its delay. */
    public void heal(int a, int b) {
        check(a, b);
        java.util.stream.Stream.concat(relaysOf(a, b).stream(), relaysOf(b, a).stream()).forEach(r -> {
            r.delay(Duration.ZERO);
            r.release();
        });
    }

    private List<LinkProxy> relaysOf(int from, int to) {
        return relays.getOrDefault(new Link(from, to), List.of());
    }

    private void check(int a, int b) {
        for (int id : List.of(a, b)) {
            if (id != CLIENTS && !nodeIds.contains(id)) {
                throw new IllegalArgumentException("no node " + id + " in this cluster; nodes: " + nodeIds);
            }
        }
        if (a == b) {
            throw new IllegalArgumentException("a link joins two different nodes, not " + a + " and itself");
        }
    }

    private Collection<LinkProxy> all() {
        return relays.values().stream().flatMap(List::stream).toList();
    }

    @Override
    public void close() {
        all().forEach(LinkProxy::close);
    }
}
