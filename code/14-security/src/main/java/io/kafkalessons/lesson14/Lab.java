package io.kafkalessons.lesson14;

import io.kafkalessons.lesson14.SecurityResult.Listener;
import io.kafkalessons.sandbox.BrokerLogs;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Passwords;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the steps share: the super user's admin client, the listeners found in step 1, the relays, and who connects how. */
final class Lab implements AutoCloseable {

    static final String USER = "alice";
    static final String SCRAM = "SCRAM-SHA-512";
    private static final Duration PROPAGATION = Duration.ofSeconds(15);

    private final Admin admin;
    private final Properties security;
    private final Optional<BrokerLogs> brokerLogs;
    private final Narrator narrator;
    /** A fresh password each run: the user may be made on a real cluster, and the lesson prints nothing secret. */
    private final String password;
    private final Map<String, List<WireTap>> taps = new LinkedHashMap<>();
    private List<Listener> listeners = List.of();

    Lab(Admin admin, Properties security, Optional<BrokerLogs> brokerLogs, Narrator narrator) {
        this.admin = admin;
        this.security = security;
        this.brokerLogs = brokerLogs;
        this.narrator = narrator;
        this.password = Passwords.fresh(12);
    }

    Admin admin() {
        return admin;
    }

    Narrator narrator() {
        return narrator;
    }

    Optional<BrokerLogs> brokerLogs() {
        return brokerLogs;
    }

    void listeners(List<Listener> found) {
        this.listeners = List.copyOf(found);
    }

    /** The listeners that speak {@code protocol}, one per broker. */
    List<Listener> listenersFor(String protocol) {
        return listeners.stream().filter(l -> l.protocol().equals(protocol)).toList();
    }

    /** Advertised addresses of every {@code protocol} listener: what a client bootstraps from. */
    String bootstrap(String protocol) {
        return listenersFor(protocol).stream().map(Listener::advertised).collect(Collectors.joining(","));
    }

    /**
     * Why the lesson cannot put relays in front of {@code protocol}'s listeners, or empty when it can:
     * each must be advertised on a loopback address where nothing listens yet, bound on another.
     */
    Optional<String> whyNoRelay(String protocol) {
        for (Listener l : listenersFor(protocol)) {
            InetSocketAddress advertised = address(l.advertised());
            if (!WireTap.loopback(advertised.getHostString()) || l.advertised().equals(l.bound())
                    || WireTap.taken(advertised)) {
                return Optional.of("the " + protocol + " listeners are not advertised on a free loopback address (as the sandbox's are),"
                        + " so the lesson has nowhere to put its relay");
            }
        }
        return listenersFor(protocol).isEmpty() ? Optional.of("the cluster has no " + protocol + " listener") : Optional.empty();
    }

    /** Starts a relay in front of each {@code protocol} listener (once); they stay until the lesson ends. */
    List<WireTap> relay(String protocol) {
        return taps.computeIfAbsent(protocol, this::startRelays);
    }

    private List<WireTap> startRelays(String protocol) {
        List<WireTap> started = new ArrayList<>();
        for (Listener l : listenersFor(protocol)) {
            InetSocketAddress bound = address(l.bound());
            String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getHostString();
            started.add(new WireTap(address(l.advertised()), new InetSocketAddress(host, bound.getPort())));
        }
        return started;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Settings for the super user the lesson runs as (a --command-config file, or the sandbox's certificate). */
    Properties adminSettings() {
        Properties props = new Properties();
        props.putAll(security);
        return props;
    }

    /** Anyone on the PLAINTEXT listener: no encryption, no name (Kafka calls them User:ANONYMOUS). */
    Properties anonymous(Properties client) {
        strip(client, true);
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        return client;
    }

    /** The lesson's user on SASL_SSL, trusting the cluster's CA (from the admin's settings). */
    Properties user(Properties client) {
        return user(client, password, true);
    }

    /** The same user with a password of its choosing, and with or without the cluster's CA. */
    Properties user(Properties client, String withPassword, boolean trustCa) {
        client.putAll(security);
        strip(client, !trustCa);
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        client.put(SaslConfigs.SASL_MECHANISM, SCRAM);
        client.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + USER + "\" password=\"" + withPassword + "\";");
        return client;
    }

    String password() {
        return password;
    }

    /** Consumer settings of the user in {@code group}, reading from the start. */
    Properties userConsumer(String group) {
        Properties props = user(Clients.consumer(bootstrap("SASL_SSL"), group));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Each try starts from the beginning again: nothing is committed.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /** Removes what says who the client is and how it connects; with {@code trust} also the CA it trusts. */
    private static void strip(Properties client, boolean trust) {
        client.keySet().removeIf(k -> {
            String key = k.toString();
            return key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) || key.startsWith("sasl.")
                    || key.startsWith("ssl.keystore.") || key.equals("ssl.key.password")
                    || (trust && key.startsWith("ssl.truststore."));
        });
    }

    /**
     * Tries {@code attempt} until its outcome passes {@code done}, for up to 15 s: users and ACLs reach
     * the brokers through the metadata log, a moment after the controller accepted them. Returns the
     * outcome and how long the change took to arrive.
     */
    <T> Timed<T> until(Callable<T> attempt, Predicate<T> done, String what) throws Exception {
        long start = System.nanoTime();
        long deadline = start + PROPAGATION.toNanos();
        while (true) {
            T outcome = attempt.call();
            if (done.test(outcome)) {
                return new Timed<>(outcome, (System.nanoTime() - start) / 1_000_000);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + PROPAGATION.toSeconds() + " s; last: " + outcome);
            }
            Thread.sleep(50);
        }
    }

    /** An outcome and the milliseconds it took to appear. */
    record Timed<T>(T value, long millis) {
    }

    /** {@code ExceptionClass: first line of its message}, the way the lesson shows a refusal. */
    static String describe(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && (t instanceof java.util.concurrent.ExecutionException
                || t.getClass().getName().startsWith("java."))) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public void close() {
        taps.values().forEach(list -> list.forEach(WireTap::close));
    }
}
