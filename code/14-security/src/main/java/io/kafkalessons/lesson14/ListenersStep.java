package io.kafkalessons.lesson14;

import io.kafkalessons.lesson14.SecurityResult.Listener;
import io.kafkalessons.lesson14.SecurityResult.ListenerSet;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Step 1: every broker describes its own listeners (the Admin API's describeConfigs): which are
 * there, which security protocol each speaks, which one brokers use among themselves, and how the
 * controllers are reached.
 */
final class ListenersStep {

    private final Lab lab;

    ListenersStep(Lab lab) {
        this.lab = lab;
    }

    ListenerSet run() throws Exception {
        lab.narrator().step("ask each broker for its listeners");
        List<Node> brokers = new ArrayList<>(lab.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS));
        brokers.sort(Comparator.comparingInt(Node::id));
        List<Listener> listeners = new ArrayList<>();
        Map<String, String> protocols = Map.of();
        String interBroker = "";
        String controllerNames = "";
        String authorizer = "";
        for (Node broker : brokers) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.id()));
            Config config = lab.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            protocols = protocolMap(value(config, "listener.security.protocol.map"));
            Map<String, String> bound = endpoints(value(config, "listeners"));
            Map<String, String> advertised = endpoints(value(config, "advertised.listeners"));
            for (Map.Entry<String, String> e : advertised.entrySet()) {
                listeners.add(new Listener(broker.id(), e.getKey(), protocols.getOrDefault(e.getKey(), e.getKey()),
                        bound.getOrDefault(e.getKey(), e.getValue()), e.getValue()));
            }
            interBroker = value(config, "inter.broker.listener.name");
            controllerNames = value(config, "controller.listener.names");
            authorizer = value(config, "authorizer.class.name");
        }
        String controller = controllerNames.split(",")[0];
        ListenerSet set = new ListenerSet(listeners, interBroker, protocols.getOrDefault(interBroker, interBroker),
                protocols.getOrDefault(controller, "?"), authorizer.isEmpty() ? "none" : authorizer);
        show(set);
        lab.listeners(listeners);
        return set;
    }

    private void show(ListenerSet set) {
        for (Listener l : set.listeners()) {
            lab.narrator().say("broker " + l.broker(), "%-10s %-10s bound %-21s advertised %s",
                    l.name(), l.protocol(), l.bound(), l.advertised());
        }
        lab.narrator().say("admin", "brokers talk to each other on %s (%s); the controller listener speaks %s; authorizer: %s",
                set.interBroker(), set.interBrokerProtocol(), set.controllerProtocol(),
                set.authorizer().substring(set.authorizer().lastIndexOf('.') + 1));
        lab.narrator().notice("one broker, several doors: each listener has its own port and its own rules.");
    }

    private static String value(Config config, String key) {
        ConfigEntry entry = config.get(key);
        return entry == null || entry.value() == null ? "" : entry.value();
    }

    /** {@code PLAINTEXT:PLAINTEXT,CONTROLLER:SSL} as a map from listener name to protocol. */
    private static Map<String, String> protocolMap(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        Arrays.stream(text.split(",")).filter(s -> s.contains(":"))
                .forEach(s -> map.put(s.substring(0, s.indexOf(':')).trim(), s.substring(s.indexOf(':') + 1).trim()));
        return map;
    }

    /** {@code SSL://127.0.0.1:9093,...} as a map from listener name to host:port. */
    private static Map<String, String> endpoints(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int scheme = part.indexOf("://");
            if (scheme > 0) {
                map.put(part.substring(0, scheme).trim(), part.substring(scheme + 3).trim());
            }
        }
        return map;
    }
}
