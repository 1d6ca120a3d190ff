package io.kafkalessons.sandbox;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How a sandbox Kafka cluster is laid out before anything starts: the nodes' ids and roles, the
 * ports they listen on, the controller quorum's voters, and each node's {@code server.properties}.
 *
 * @param listeners the client listeners every broker has (plain, or lesson 14's secured set)
 * @param nodes     every node, brokers first (spare brokers included), then dedicated controllers
 * @param spareIds  the brokers configured but not started with the others
 * @param links     the relays in front of every link, or null without {@link KafkaCluster.Builder#cuttableLinks()}
 */
record KafkaNodeLayout(Listeners listeners, List<KafkaNode> nodes, List<Integer> spareIds, KafkaLinks links) {

    static KafkaNodeLayout of(KafkaCluster.Builder b, Path dataRoot, Function<String, Path> logFile) {
        int brokerCount = b.brokers + b.spare;
        List<Integer> controllerIds = controllerIds(b);
        List<Integer> nodeIds = nodeIds(b, controllerIds);
        int nodeCount = nodeIds.size();
        Listeners listeners = b.secured ? Listeners.secured(dataRoot.resolve("tls"), nodeIds) : Listeners.plain();
        List<String> names = listeners.clientListeners().stream().map(Listeners.ClientListener::name).toList();
        // Listener k of broker i: base + 10k + i when fixed (9092.., 9102.., ...); controllers from base + 100.
        List<Integer> free = b.basePort > 0 ? List.of() : Ports.take(0, brokerCount * names.size() + b.controllers);
        List<Integer> controllerPorts = b.basePort > 0
                ? Ports.take(b.basePort + 100, b.controllers) : free.subList(brokerCount * names.size(), free.size());
        String voters = IntStream.range(0, b.controllers)
                .mapToObj(i -> controllerIds.get(i) + "@" + Ports.HOST + ":" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<Map<String, Integer>> portsOf = clientPorts(b.basePort, names, brokerCount, free);
        KafkaLinks links = b.cuttableLinks ? links(nodeIds, brokerCount, portsOf, controllerIds, controllerPorts) : null;

        List<KafkaNode> list = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            boolean isBroker = i < brokerCount;
            int id = nodeIds.get(i);
            int controllerIndex = controllerIds.indexOf(id);
            KafkaNode.Role role = !isBroker ? KafkaNode.Role.CONTROLLER
                    : controllerIndex >= 0 ? KafkaNode.Role.BROKER_AND_CONTROLLER : KafkaNode.Role.BROKER;
            Map<String, Integer> ports = isBroker ? portsOf.get(i) : Map.of();
            int controllerPort = controllerIndex >= 0 ? controllerPorts.get(controllerIndex) : -1;
            String prefix = isBroker ? "broker-" : "controller-";
            Path dir = dataRoot.resolve(prefix + id);
            Path logDir = dir.resolve("data");
            Map<String, String> config = nodeConfig(b, listeners, id, role, ports, controllerPort, voters, logDir);
            if (links != null) {
                config.putAll(links.configOf(id));
                config.putAll(b.extraConfig);
                config.putAll(b.nodeConfig.getOrDefault(id, Map.of()));
            }
            Path configFile = KafkaCluster.writeServerProperties(dir, config);
            // With cuttable links, clients reach a broker through its relay.
            Map<String, Integer> clientPorts = links != null && isBroker ? Map.of(listeners.primary(), links.clientPort(id)) : ports;
            list.add(new KafkaNode(id, role, clientPorts, listeners.primary(), controllerPort, configFile, logDir, clusterId,
                    dataRoot, logFile.apply(prefix + id)));
        }
        List<KafkaNode> nodes = b.exporter == null ? list : withExporters(list, b.exporter, dataRoot);
        return new KafkaNodeLayout(listeners, List.copyOf(nodes),
                IntStream.rangeClosed(b.brokers + 1, brokerCount).boxed().toList(), links);
    }

    /** Each broker's client listener ports: listener k of broker i. */
    private static List<Map<String, Integer>> clientPorts(int basePort, List<String> names, int brokerCount, List<Integer> free) {
        List<Map<String, Integer>> portsOf = new ArrayList<>();
        for (int i = 0; i < brokerCount; i++) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                ports.put(names.get(k), basePort > 0 ? Ports.take(basePort + 10 * k + i, 1).get(0) : free.get(k * brokerCount + i));
            }
            portsOf.add(ports);
        }
        return portsOf;
    }

    /** The relays of {@link KafkaCluster.Builder#cuttableLinks()}: plain listeners only. */
    private static KafkaLinks links(List<Integer> nodeIds, int brokerCount, List<Map<String, Integer>> portsOf,
                                    List<Integer> controllerIds, List<Integer> controllerPorts) {
        Map<Integer, Integer> brokerPorts = new LinkedHashMap<>();
        for (int i = 0; i < brokerCount; i++) {
            brokerPorts.put(nodeIds.get(i), portsOf.get(i).get("PLAINTEXT"));
        }
        Map<Integer, Integer> voterPorts = new LinkedHashMap<>();
        for (int i = 0; i < controllerIds.size(); i++) {
            voterPorts.put(controllerIds.get(i), controllerPorts.get(i));
        }
        return new KafkaLinks(brokerPorts, voterPorts, nodeIds);
    }

    /** Combined controllers are brokers 1..N; dedicated ones have ids from 101. */
    private static List<Integer> controllerIds(KafkaCluster.Builder b) {
        boolean dedicated = b.placement == KafkaCluster.ControllerPlacement.DEDICATED;
        return IntStream.range(0, b.controllers)
                .mapToObj(i -> dedicated ? KafkaCluster.FIRST_DEDICATED_CONTROLLER_ID + i : i + 1).toList();
    }

    /** Brokers 1..N (spares included), then the dedicated controllers, if any. */
    private static List<Integer> nodeIds(KafkaCluster.Builder b, List<Integer> controllerIds) {
        List<Integer> ids = new ArrayList<>();
        IntStream.rangeClosed(1, b.brokers + b.spare).forEach(ids::add);
        if (b.placement == KafkaCluster.ControllerPlacement.DEDICATED) {
            ids.addAll(controllerIds);
        }
        return ids;
    }

    /** The nodes, each running the exporter on a free loopback port, all reading one configuration file. */
    private static List<KafkaNode> withExporters(List<KafkaNode> nodes, MetricsExporter exporter, Path dataRoot) {
        Path configFile = dataRoot.resolve("metrics-exporter.yml");
        try {
            Files.createDirectories(dataRoot);
            Files.writeString(configFile, exporter.config());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        List<Integer> ports = Ports.take(0, nodes.size());
        return IntStream.range(0, nodes.size()).mapToObj(i -> nodes.get(i).withExporter(exporter, ports.get(i), configFile)).toList();
    }

    private static Map<String, String> nodeConfig(KafkaCluster.Builder b, Listeners listeners, int id, KafkaNode.Role role,
                                                  Map<String, Integer> ports, int controllerPort, String voters, Path logDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", role.processRoles());
        c.put("node.id", Integer.toString(id));
        c.put("controller.quorum.voters", voters);
        List<String> bound = new ArrayList<>();
        if (role.isBroker()) {
            List<String> advertised = new ArrayList<>();
            for (Listeners.ClientListener l : listeners.clientListeners()) {
                bound.add(l.name() + "://" + Ports.HOST + ":" + ports.get(l.name()));
                advertised.add(l.name() + "://" + l.advertisedHost() + ":" + ports.get(l.name()));
            }
            c.put("advertised.listeners", String.join(",", advertised));
            c.put("inter.broker.listener.name", listeners.primary());
        }
        if (role.isController()) {
            bound.add("CONTROLLER://" + Ports.HOST + ":" + controllerPort);
        }
        c.put("listeners", String.join(",", bound));
        c.put("controller.listener.names", "CONTROLLER");
        c.put("listener.security.protocol.map", listeners.protocolMap());
        c.putAll(listeners.nodeSecurity(id));
        c.put("log.dirs", logDir.toString());
        c.putAll(ChangedDefaults.forBrokers(b.brokers));
        c.putAll(b.extraConfig);
        c.putAll(b.nodeConfig.getOrDefault(id, Map.of()));
        return c;
    }
}
