package io.kafkalessons.lesson24;

import io.kafkalessons.lesson24.WatchingResult.Faulted;
import io.kafkalessons.lesson24.WatchingResult.View;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Steps 1 to 4: the metrics of a healthy cluster, of one with a frozen broker, after it resumes,
 * and after the active controller is killed. Three topics are placed by hand so that the frozen
 * broker X matters to each in a known way: {@code replicated} (leader L, followers X and the
 * controller), {@code pair} (leader L, follower X, min.insync.replicas=2) and {@code single} (only X).
 */
final class FaultSteps {

    static final String REPLICATED = "lesson24-replicated";
    static final String PAIR = "lesson24-pair";
    static final String SINGLE = "lesson24-single";

    private final Admin admin;
    private final Faults faults;
    private final ClusterMetrics metrics;
    private final Narrator narrator;
    private final String bootstrapServers;

    FaultSteps(Admin admin, Faults faults, ClusterMetrics metrics, Narrator narrator, String bootstrapServers) {
        this.admin = admin;
        this.faults = faults;
        this.metrics = metrics;
        this.narrator = narrator;
        this.bootstrapServers = bootstrapServers;
    }

    Faulted run() throws Exception {
        int controller = KafkaMetadata.activeController(admin).orElseThrow();
        List<Integer> others = faults.clientAddresses().keySet().stream().filter(id -> id != controller).sorted().toList();
        int frozen = others.get(0);
        int leader = others.get(1);
        narrator.step("a healthy cluster: broker %d will be frozen, broker %d leads, node %d is the active controller",
                frozen, leader, controller);
        placeTopics(frozen, leader, controller);
        View healthy = metrics.await("a healthy cluster", v -> v.underReplicated() == 0 && v.offline() == 0
                && v.activeControllers().size() == 1 && v.silent().isEmpty());
        narrator.notice("every alert rule is quiet: no partition under-replicated or offline, exactly one active controller.");

        Frozen f = freeze(frozen, leader, healthy);
        return new Faulted(frozen, healthy, f.waitedMs(), f.shrunk(), f.fenced(), f.fencedAfterMs(),
                resume(frozen), controller, killController(controller));
    }

    /** What step 2 saw: the acks=all write's wait, then the view after the leader's shrink and after the fence. */
    private record Frozen(long waitedMs, View shrunk, View fenced, long fencedAfterMs) {
    }

    private Frozen freeze(int frozen, int leader, View healthy) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer())) {
            producer.send(new ProducerRecord<>(REPLICATED, "warm-up")).get(30, TimeUnit.SECONDS);
            narrator.step("freeze broker %d (SIGSTOP), as a long GC pause would, and write one record with acks=all", frozen);
            faults.pause(frozen);
            long frozenAt = System.nanoTime();
            producer.send(new ProducerRecord<>(REPLICATED, "while-frozen")).get(30, TimeUnit.SECONDS);
            long waitedMs = msSince(frozenAt);
            narrator.say("producer", "the acks=all write waited %d ms: the leader held it until broker %d left the ISR",
                    waitedMs, frozen);
            View shrunk = metrics.await("the ISR shrink", v -> v.underReplicated() >= 1);
            narrator.notice("leader %d dropped broker %d from the ISR of %s, which had a write waiting: %d partition(s)", leader,
                    frozen, REPLICATED, shrunk.underReplicated());
            narrator.notice("under-replicated. %s had no write, so broker %d was not behind its leader and stays in its ISR",
                    PAIR, frozen);
            narrator.notice("for now. Broker %d itself says nothing: a frozen node publishes no metrics.", frozen);
            narrator.notice("isr-shrinks rose by %d: the leader counts a shrink only if the controller's answer reaches it",
                    shrunk.isrShrinks() - healthy.isrShrinks());
            narrator.notice("before the metadata update saying the same, a race it often loses. Alert on urp, not on shrinks.");
            View fenced = metrics.await("the fenced broker", v -> v.fencedBrokers() == 1 && v.settled()
                    && v.offline() == 1 && v.underMinIsr() == 1 && v.underReplicated() == 2);
            long fencedAfterMs = msSince(frozenAt);
            narrator.notice("by %.1f s after the freeze the controller had fenced it (no heartbeat for 6 s) and taken it out of",
                    fencedAfterMs / 1000.0);
            narrator.notice("every ISR. %s is now under min.insync.replicas (acks=all writes to it fail), and %s,", PAIR, SINGLE);
            narrator.notice("whose only copy it holds, is offline.");
            return new Frozen(waitedMs, shrunk, fenced, fencedAfterMs);
        }
    }

    private static long msSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private View resume(int frozen) {
        narrator.step("resume broker %d (SIGCONT)", frozen);
        faults.resume(frozen);
        View resumed = metrics.await("a healed cluster", v -> v.underReplicated() == 0 && v.underMinIsr() == 0
                && v.offline() == 0 && v.fencedBrokers() == 0 && v.silent().isEmpty() && v.settled());
        narrator.notice("the controller unfenced it, it caught up, and its leaders took it back into the ISRs: every gauge is 0.");
        return resumed;
    }

    private View killController(int controller) throws Exception {
        narrator.step("kill the active controller, node %d (kill -9), and restart it", controller);
        faults.kill(controller);
        View moved = metrics.await("a new active controller", v -> v.activeControllers().size() == 1
                && !v.activeControllers().contains(controller));
        narrator.notice("the sum of active-ctrl over all nodes is 1 again, on node %d: an alert checks that sum, never one node.",
                moved.activeControllers().get(0));
        faults.restart(controller);
        int brokers = faults.clientAddresses().size();
        KafkaMetadata.awaitBrokers(admin, brokers, Duration.ofSeconds(60));
        return moved;
    }

    private void placeTopics(int frozen, int leader, int controller) throws Exception {
        Map<String, String> minIsr2 = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        Topics.recreate(admin, new NewTopic(REPLICATED, Map.of(0, List.of(leader, frozen, controller))).configs(minIsr2));
        Topics.recreate(admin, new NewTopic(PAIR, Map.of(0, List.of(leader, frozen))).configs(minIsr2));
        Topics.recreate(admin, new NewTopic(SINGLE, Map.of(0, List.of(frozen))));
        narrator.say("admin", "%s on %d,%d,%d; %s on %d,%d (min.insync.replicas=2 for both); %s on %d alone",
                REPLICATED, leader, frozen, controller, PAIR, leader, frozen, SINGLE, frozen);
    }

    private Properties producer() {
        Properties props = Clients.producer(faults.reachable(bootstrapServers));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }
}
