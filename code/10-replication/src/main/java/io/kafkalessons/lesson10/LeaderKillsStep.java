package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.Durability;
import io.kafkalessons.lesson10.ReplicationResult.Failover;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.KeyedTraffic;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kafkalessons.lesson10.ReplicationLesson.KEYS;
import static io.kafkalessons.lesson10.ReplicationLesson.MIN_DURABLE_RECORDS;
import static io.kafkalessons.lesson10.ReplicationLesson.ORDERS;
import static io.kafkalessons.lesson10.ReplicationLesson.ORDER_PARTITIONS;

/**
 * Keyed acks=all traffic while partition leaders are killed (when faults are available): no
 * acknowledged record is lost, duplicated or reordered.
 */
final class LeaderKillsStep {

    static final int KILLS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Lab lab;

    LeaderKillsStep(Lab lab) {
        this.lab = lab;
    }

    Durability run() throws Exception {
        Narrator narrator = lab.narrator();
        narrator.step("%s: %d partitions, 3 replicas each, min.insync.replicas=2; %d keys written in order with acks=all",
                ORDERS, ORDER_PARTITIONS, KEYS);
        int brokers = lab.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        Topics.recreate(lab.admin(), new NewTopic(ORDERS, ORDER_PARTITIONS, (short) Math.min(3, brokers))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, brokers)))));
        List<Failover> kills = new ArrayList<>();
        try (KeyedTraffic traffic = new KeyedTraffic(lab.reachable(), ORDERS, KEYS)) {
            traffic.awaitAcknowledged(1000);
            for (int i = 0; i < KILLS && lab.faults().available(); i++) {
                kills.add(killALeader(traffic));
            }
            traffic.awaitAcknowledged(MIN_DURABLE_RECORDS);
            KeyedTraffic.Tally t = traffic.finish();
            Durability d = new Durability(t.keys(), t.sent(), t.acknowledged(), t.failed(), t.read(), t.lost(), t.duplicates(),
                    t.keysOutOfOrder(), kills);
            narrator.say("consumer", "sent %d, acknowledged %d, failed %d; read back %d", d.sent(), d.acknowledged(),
                    d.failed(), d.read());
            narrator.say("consumer", "acknowledged but missing: %d; duplicates: %d; keys out of order: %d of %d",
                    d.lost(), d.duplicates(), d.keysOutOfOrder(), d.keys());
            narrator.notice("acks=all with min.insync.replicas=2 answers only when two replicas have a record, and a");
            narrator.notice("new leader is always chosen from the ISR: no acknowledged record can be lost to one crash.");
            narrator.notice("The idempotent producer's sequence numbers keep retries from duplicating or reordering.");
            return d;
        }
    }

    /** Kills a broker that leads partitions, times the failover, restarts it and waits until it is in sync. */
    private Failover killALeader(KeyedTraffic traffic) throws Exception {
        Map<Integer, Integer> leaders = Replicas.leaders(lab.admin(), ORDERS);
        int active = KafkaMetadata.activeController(lab.admin()).orElse(-1);
        // Kill a broker that leads partitions but is not the active controller, so this measures a
        // partition failover only (lesson 13 kills the controller).
        int victim = leaders.values().stream().filter(id -> id != active).findFirst()
                .orElseThrow(() -> new IllegalStateException("every leader of " + ORDERS + " is the active controller"));
        List<Integer> led = leaders.entrySet().stream().filter(e -> e.getValue() == victim).map(Map.Entry::getKey).toList();
        lab.narrator().subStep("kill -9 broker %d, the leader of partitions %s, with %d records acknowledged so far",
                victim, led, traffic.acknowledgedSoFar());
        lab.faults().kill(victim);
        long millis = Poll.until(TIMEOUT, Duration.ofMillis(50), () -> {
            Map<Integer, Integer> now = Replicas.leaders(lab.admin(), ORDERS);
            return led.stream().allMatch(p -> now.containsKey(p) && now.get(p) != victim);
        }, () -> "the partitions of broker " + victim + " got no new leaders").toMillis();
        lab.narrator().say("controller", "broker %d fenced and new leaders for %s %.1f s after the kill: %s", victim, led,
                millis / 1000.0, Replicas.leaders(lab.admin(), ORDERS));
        lab.narrator().subStep("restart broker %d; it rejoins as a follower", victim);
        lab.faults().restart(victim);
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> Replicas.fullIsr(lab.admin(), ORDERS),
                () -> "broker " + victim + " did not rejoin every ISR");
        lab.narrator().say("admin", "every partition has 3 in-sync replicas again; %d records acknowledged so far",
                traffic.acknowledgedSoFar());
        return new Failover(victim, led.size(), millis);
    }
}
