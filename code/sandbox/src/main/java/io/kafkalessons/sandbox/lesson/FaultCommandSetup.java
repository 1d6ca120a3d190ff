package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.CommandFaults;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.SandboxException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code --fault-command}: before a lesson acts on a cluster the sandbox did not start, maps node ids
 * to hosts (the Kafka cluster's metadata, the order of a ZooKeeper connect string, or a {@code --hosts}
 * file), checks that the command may act on every node, and asks the learner (unless {@code --yes}).
 * Any of these failing stops the launch with one line, before anything is changed.
 */
final class FaultCommandSetup {

    /** How long the end of a lesson waits for the brokers it restarted to be back in the cluster. */
    static final Duration REJOIN_WAIT = Duration.ofSeconds(120);

    private FaultCommandSetup() {
    }

    /**
     * At the end of a Kafka lesson that acted on a cluster it did not start: waits until the cluster
     * lists again every broker it listed before the lesson, so that the next lesson finds it as this
     * one did. A broker restarted in a lesson's last step takes seconds to register again; a lesson
     * run right after would see one broker fewer. Says so, and what to check, if one is not back.
     */
    static void awaitBrokersBack(LessonInfo info, LessonContext context) {
        if (!info.needs().kafka() || context.commandFaults().isEmpty()) {
            return;
        }
        Narrator out = context.narrator();
        Map<Integer, String> before = context.commandFaults().get().clientAddresses();
        Properties props = Clients.admin(context.bootstrapServers());
        props.putAll(context.clientConfig());
        try (Admin admin = Admin.create(props)) {
            Set<Integer> missing = new TreeSet<>(before.keySet());
            try {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).forEach(n -> missing.remove(n.id()));
            } catch (Exception e) {
                // no answer yet: the wait below asks again
            }
            if (missing.isEmpty()) {
                return;
            }
            out.line("[faults] waiting for brokers %s to be back, so that the next lesson finds the cluster as this one did", missing);
            try {
                Duration took = KafkaMetadata.awaitBrokers(admin, before.size(), REJOIN_WAIT);
                out.line("[faults] every broker is back, after %d s", took.toSeconds());
            } catch (SandboxException e) {
                out.line("[faults] brokers %s were not back within %d s; check them before the next lesson", missing,
                        REJOIN_WAIT.toSeconds());
            }
        }
    }

    static LessonContext apply(LessonInfo info, Options options, LessonContext context, PrintStream out, InputStream in) {
        Map<Integer, String> hosts = new TreeMap<>();
        Map<Integer, String> addresses = new TreeMap<>();
        if (info.needs().kafka()) {
            kafkaNodes(context.bootstrapServers(), context.clientConfig(), hosts, addresses);
        } else {
            zooKeeperServers(context.zookeeperConnect(), hosts, addresses);
        }
        if (options.hostsFile() != null) {
            hosts.putAll(hostsFile(options.hostsFile()));
        }
        CommandFaults faults;
        try {
            faults = new CommandFaults(options.faultCommand(), hosts, addresses, CommandFaults.systemShell());
        } catch (IllegalArgumentException e) {
            throw new RefusedException(e.getMessage());
        }
        Optional<String> refused = faults.check();
        if (refused.isPresent()) {
            throw new RefusedException(refused.get() + "; nothing was changed");
        }
        int first = hosts.keySet().iterator().next();
        out.printf("[faults] lesson %d may kill, freeze and restart these nodes: %s%n", info.number(), hosts);
        out.printf("[faults] each by one command, for example: %s%n", faults.render(CommandFaults.Action.KILL, first));
        out.printf("[faults] the check passed on every node (%s)%n", faults.render(CommandFaults.Action.CHECK, first));
        if (!options.yes()) {
            ask(info, out, in);
        }
        return context.withCommandFaults(faults);
    }

    private static void ask(LessonInfo info, PrintStream out, InputStream in) {
        if (System.console() == null) {
            throw new RefusedException("lesson " + info.number() + " would change a cluster it did not start, and there is no"
                    + " terminal to ask in: add --yes to let it go ahead");
        }
        out.print("[faults] go on? [y/N] ");
        out.flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes")) {
            throw new RefusedException("not started: the answer was not yes; nothing was changed");
        }
    }

    private static void kafkaNodes(String bootstrap, Properties clientConfig, Map<Integer, String> hosts,
                                   Map<Integer, String> addresses) {
        Properties props = Clients.admin(bootstrap);
        props.putAll(clientConfig);
        try (Admin admin = Admin.create(props)) {
            for (Node n : admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)) {
                hosts.put(n.id(), n.host());
                addresses.put(n.id(), n.host() + ":" + n.port());
            }
        } catch (Exception e) {
            throw new RefusedException("cannot read the brokers' hosts from " + bootstrap + ": " + e.getMessage());
        }
    }

    /** ZooKeeper servers by their place in the connect string: the first is server 1 (a chroot is left out). */
    private static void zooKeeperServers(String connect, Map<Integer, String> hosts, Map<Integer, String> addresses) {
        int slash = connect.indexOf('/');
        String[] servers = (slash >= 0 ? connect.substring(0, slash) : connect).split(",");
        Map<Integer, String> byId = new LinkedHashMap<>();
        for (int i = 0; i < servers.length; i++) {
            byId.put(i + 1, servers[i].strip());
        }
        byId.forEach((id, address) -> {
            int colon = address.lastIndexOf(':');
            hosts.put(id, colon > 0 ? address.substring(0, colon) : address);
            addresses.put(id, address);
        });
    }

    private static Map<Integer, String> hostsFile(String file) {
        try {
            return CommandFaults.readHosts(Files.readAllLines(Path.of(file)));
        } catch (IOException e) {
            throw new RefusedException("cannot read the hosts file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RefusedException(file + ": " + e.getMessage());
        }
    }
}
