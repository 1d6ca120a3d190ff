package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.KafkaLinks;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kafkalessons.lesson20.PartitionsLesson.DELIVERY_TIMEOUT;
import static io.kafkalessons.lesson20.PartitionsLesson.WAIT;

/**
 * Step 1: the leader of a partition is cut off from the other brokers (and so from the controller),
 * but not from every client. The majority fences it and elects another leader; meanwhile the old
 * leader still believes it leads, and a client that reaches only it is served by it.
 */
final class SplitStep {

    static final String TOPIC = "lesson20-split";
    static final String BEFORE = "before-cut";
    static final String OLD_SIDE_ACKS_1 = "old-leader-acks1";
    static final String OLD_SIDE_ACKS_ALL = "old-leader-acksall";
    static final String MAJORITY_ACKS_ALL = "new-leader-acksall";
    /** How long a producer on the old leader's side keeps trying an acks=all record. */
    static final Duration OLD_SIDE_DELIVERY_TIMEOUT = Duration.ofSeconds(4);

    private final Brokers brokers;
    private final KafkaLinks links;
    private final Narrator narrator;

    SplitStep(Brokers brokers, KafkaLinks links, Narrator narrator) {
        this.brokers = brokers;
        this.links = links;
        this.narrator = narrator;
    }

    PartitionsResult.Split run(int leader) throws Exception {
        List<Integer> others = brokers.ids().stream().filter(id -> id != leader).toList();
        List<Integer> replicas = new ArrayList<>(List.of(leader));
        replicas.addAll(others);
        PartitionsLesson.createTopic(brokers, TOPIC, replicas);
        Brokers.Sent before = Brokers.send(brokers.all(), "all", TOPIC, BEFORE, 100, DELIVERY_TIMEOUT);
        int epochBefore = Brokers.end(brokers.adminAt(brokers.ids()), TOPIC).leaderEpoch();
        narrator.say("admin", "%s: leader %d, replicas %s, min.insync.replicas=2; %d records written with acks=all (leader epoch %d)",
                TOPIC, leader, replicas, before.acked(), epochBefore);

        narrator.subStep("cut broker %d off from brokers %s; the clients are on the majority's side", leader, others);
        long cut = System.nanoTime();
        // tag::cut[]
        links.isolate(leader);                     // no link between this broker and any other node works
        links.cut(KafkaLinks.CLIENTS, leader);     // nor between it and the clients
        // end::cut[]
        Admin majority = brokers.adminAt(others);
        TopicPartitionInfo moved = Topics.awaitPartition(majority, TOPIC, 0, WAIT,
                p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != leader, "no new leader within 30 s of the cut");
        long failover = (System.nanoTime() - cut) / 1_000_000;
        List<Integer> fenced = Brokers.fenced(majority);
        int epochAfter = Brokers.end(majority, TOPIC).leaderEpoch();
        narrator.say("controller", "broker %d is fenced (no heartbeats for broker.session.timeout.ms, 4 s here); broker %d leads"
                + " %d ms after the cut, ISR %s, leader epoch %d", leader, moved.leader().id(), failover, Brokers.isr(moved), epochAfter);

        OldSide old = oldSide(leader, others);
        narrator.subStep("the clients back on the majority's side, and a write there");
        others.forEach(o -> links.heal(KafkaLinks.CLIENTS, o));
        links.cut(KafkaLinks.CLIENTS, leader);
        Brokers.Sent majorityWrites = Brokers.send(brokers.bootstrap(others), "all", TOPIC, MAJORITY_ACKS_ALL, 50, DELIVERY_TIMEOUT);
        narrator.say("producer", "acks=all, to broker %d: %d of %d acknowledged", moved.leader().id(), majorityWrites.acked(),
                majorityWrites.sent());

        List<Integer> healedIsr = heal(leader, others, majority);
        Map<String, Integer> read = Brokers.readAll(brokers.all(), TOPIC);
        narrator.say("consumer", "read from the start: %s", read);
        narrator.notice("the %d acks=1 records broker %d acknowledged during the cut are gone: back as a follower, it cut its",
                old.acks1().acked(), leader);
        narrator.notice("log back to where the new leader's epoch began. Every acks=all record acknowledged is there.");
        return new PartitionsResult.Split(leader, moved.leader().id(), failover, fenced, List.of(epochBefore, epochAfter),
                old.view(), old.acks1(), old.acksAll(), majorityWrites, read, healedIsr);
    }

    private record OldSide(List<Integer> view, Brokers.Sent acks1, Brokers.Sent acksAll) {
    }

    /** The clients move to the old leader's side: it is the only broker they reach. */
    private OldSide oldSide(int leader, List<Integer> others) throws Exception {
        narrator.subStep("move the clients to broker %d's side: it is the only broker they reach", leader);
        // tag::flip[]
        links.heal(KafkaLinks.CLIENTS, leader);
        others.forEach(o -> links.cut(KafkaLinks.CLIENTS, o));
        // end::flip[]
        List<Integer> view = Brokers.viewOf(brokers.bootstrap(List.of(leader)), TOPIC);
        narrator.say("admin", "asked broker %d: leader %d, ISR %s, as it was before the cut: nobody told it otherwise",
                leader, view.get(0), view.subList(1, view.size()));
        String there = brokers.bootstrap(List.of(leader));
        Brokers.Sent acks1 = Brokers.send(there, "1", TOPIC, OLD_SIDE_ACKS_1, 50, DELIVERY_TIMEOUT);
        narrator.say("producer", "acks=1, to broker %d: %d of %d acknowledged", leader, acks1.acked(), acks1.sent());
        // Not idempotent: an idempotent producer first needs a producer id, and brokers get those from the controller
        // (KIP-730); on this side of the cut it would wait for one, and send nothing.
        Brokers.Sent acksAll = Brokers.send(there, "all", false, TOPIC, OLD_SIDE_ACKS_ALL, 50, OLD_SIDE_DELIVERY_TIMEOUT);
        narrator.say("producer", "acks=all (not idempotent), to broker %d: %d of %d acknowledged within the %d s delivery timeout (%s)",
                leader, acksAll.acked(), acksAll.sent(), OLD_SIDE_DELIVERY_TIMEOUT.toSeconds(), acksAll.firstError());
        narrator.notice("two brokers lead the same partition now, one on each side of the cut. Broker %d acknowledges", leader);
        narrator.notice("acks=1 writes, which need its own log only; acks=all writes wait for followers that never fetch.");
        return new OldSide(view, acks1, acksAll);
    }

    /** Heals the links between brokers first; the clients reach the old leader again only once it is back in the ISR. */
    private List<Integer> heal(int leader, List<Integer> others, Admin majority) {
        narrator.subStep("heal the cut");
        long healed = System.nanoTime();
        others.forEach(o -> links.heal(leader, o));
        TopicPartitionInfo back = Topics.awaitPartition(majority, TOPIC, 0, WAIT,
                p -> p.isr().stream().map(Node::id).anyMatch(id -> id == leader), "broker " + leader + " never rejoined the ISR");
        links.heal();
        narrator.say("controller", "broker %d is unfenced and back in the ISR %s after %d ms, as a follower of broker %d",
                leader, Brokers.isr(back), (System.nanoTime() - healed) / 1_000_000, back.leader().id());
        return Brokers.isr(back);
    }
}
