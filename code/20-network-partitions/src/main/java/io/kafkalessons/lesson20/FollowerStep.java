package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.KafkaLinks;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.List;

import static io.kafkalessons.lesson20.PartitionsLesson.DELIVERY_TIMEOUT;
import static io.kafkalessons.lesson20.PartitionsLesson.WAIT;

/**
 * Steps 2 and 3, on brokers that are not the active controller: a follower whose requests no longer
 * reach its leader (a one-way cut), and a leader cut off for less than every timeout.
 */
final class FollowerStep {

    static final String FOLLOWER_TOPIC = "lesson20-follower";
    static final String SHORT_TOPIC = "lesson20-short-cut";
    /** Shorter than broker.session.timeout.ms (4 s here) and replica.lag.time.max.ms (3 s here). */
    static final Duration SHORT_CUT = Duration.ofMillis(1500);
    /** "Try this" 2: a cut longer than both timeouts. */
    static final Duration LONG_CUT = Duration.ofSeconds(5);

    private final Brokers brokers;
    private final KafkaLinks links;
    private final Narrator narrator;
    private final Duration shortCut;

    FollowerStep(Brokers brokers, KafkaLinks links, Narrator narrator, Duration shortCut) {
        this.brokers = brokers;
        this.links = links;
        this.narrator = narrator;
        this.shortCut = shortCut;
    }

    /** {@code replicas}: the leader, the follower to cut off, and the active controller. */
    PartitionsResult.FollowerCut followerCut(List<Integer> replicas) throws Exception {
        int leader = replicas.get(0);
        int follower = replicas.get(1);
        PartitionsLesson.createTopic(brokers, FOLLOWER_TOPIC, replicas);
        Admin admin = brokers.adminAt(brokers.ids());
        Brokers.send(brokers.all(), "all", FOLLOWER_TOPIC, "before-cut", 10, DELIVERY_TIMEOUT);
        long endBefore = Brokers.end(admin, FOLLOWER_TOPIC).offset();
        narrator.say("admin", "%s: leader %d, replicas %s; high watermark %d", FOLLOWER_TOPIC, leader, replicas, endBefore);

        narrator.subStep("cut one way: nothing broker %d sends reaches broker %d (its fetch requests); the other way still works",
                follower, leader);
        long cut = System.nanoTime();
        links.cutOneWay(follower, leader);
        Brokers.Sent sent = Brokers.send(brokers.all(), "1", FOLLOWER_TOPIC, "while-cut", 20, DELIVERY_TIMEOUT);
        long endWhileInIsr = Brokers.end(admin, FOLLOWER_TOPIC).offset();
        narrator.say("producer", "acks=1: the leader acknowledged %d records; the high watermark is still %d", sent.acked(),
                endWhileInIsr);
        narrator.notice("broker %d is still in the ISR, so a record counts as written only once it has it too.", follower);
        TopicPartitionInfo out = Topics.awaitPartition(admin, FOLLOWER_TOPIC, 0, WAIT,
                p -> p.isr().stream().map(Node::id).noneMatch(id -> id == follower), "broker " + follower + " never left the ISR");
        long outMillis = (System.nanoTime() - cut) / 1_000_000;
        long endAfter = Brokers.end(admin, FOLLOWER_TOPIC).offset();
        List<Integer> fenced = Brokers.fenced(admin);
        narrator.say("leader", "broker %d left the ISR %d ms after the cut (replica.lag.time.max.ms, %d ms here); ISR %s, high"
                + " watermark %d; fenced brokers: %s", follower, outMillis, PartitionsMain.REPLICA_LAG_MS, Brokers.isr(out),
                endAfter, fenced);
        narrator.notice("the leader drops a follower that stopped fetching; the controller does not fence it, since its");
        narrator.notice("heartbeats still arrive. A follower is in sync by what it fetches, alive by what it tells the controller.");

        long healed = System.nanoTime();
        links.heal(follower, leader);
        Topics.awaitPartition(admin, FOLLOWER_TOPIC, 0, WAIT, p -> p.isr().size() == 3, "broker " + follower + " never came back");
        long backMillis = (System.nanoTime() - healed) / 1_000_000;
        narrator.say("leader", "healed: broker %d fetched what it missed and is in the ISR again %d ms later", follower, backMillis);
        return new PartitionsResult.FollowerCut(follower, leader, endBefore, sent.acked(), endWhileInIsr, outMillis, endAfter,
                fenced, backMillis);
    }

    /** {@code replicas}: the leader to cut off first, then the others. */
    PartitionsResult.ShortCut shortCut(List<Integer> replicas) throws Exception {
        int leader = replicas.get(0);
        List<Integer> others = replicas.subList(1, replicas.size());
        PartitionsLesson.createTopic(brokers, SHORT_TOPIC, replicas);
        Admin admin = brokers.adminAt(brokers.ids());
        List<Integer> before = state(admin);
        narrator.say("admin", "%s: leader %d, leader epoch %d, %d in sync", SHORT_TOPIC, before.get(0), before.get(1), before.get(2));
        narrator.subStep("cut broker %d off from brokers %s for %d ms, and write 10 records to it with acks=all meanwhile", leader,
                others, shortCut.toMillis());
        Admin controllerSide = brokers.adminAt(others);
        long start = System.nanoTime();
        links.isolate(leader);
        Thread healer = new Thread(() -> {
            try {
                Thread.sleep(shortCut.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            links.heal();
        }, "lesson20-heal");
        healer.start();
        Brokers.Sent writes = Brokers.send(brokers.bootstrap(List.of(leader)), "all", SHORT_TOPIC, "during-cut", 10, DELIVERY_TIMEOUT);
        healer.join();
        long cutMillis = (System.nanoTime() - start) / 1_000_000;
        long firstAckMillis = (writes.firstAnswerNanos() - start) / 1_000_000;
        List<Integer> fencedAfter = Brokers.fenced(controllerSide);
        List<Integer> after = state(admin);
        narrator.say("producer", "%d of %d acknowledged, the first %d ms after the cut began: they waited for the followers,"
                + " which fetched again once the cut healed", writes.acked(), writes.sent(), firstAckMillis);
        narrator.say("admin", "after the heal: leader %d, leader epoch %d, %d in sync; fenced brokers: %s", after.get(0),
                after.get(1), after.get(2), fencedAfter);
        narrator.notice("a cut shorter than the timeouts only slows things down: nothing is fenced, no leader changes.");
        return new PartitionsResult.ShortCut(leader, cutMillis, firstAckMillis, before, after, fencedAfter, writes);
    }

    /** Leader, leader epoch and ISR size of partition 0. */
    private static List<Integer> state(Admin admin) throws Exception {
        TopicPartitionInfo p = Brokers.partition(admin, SHORT_TOPIC);
        return List.of(p.leader().id(), Brokers.end(admin, SHORT_TOPIC).leaderEpoch(), p.isr().size());
    }
}
