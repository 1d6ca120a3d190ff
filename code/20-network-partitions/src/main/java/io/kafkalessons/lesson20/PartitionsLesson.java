package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.KafkaLinks;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lesson 20: what a network partition does to Kafka, on three brokers whose every link runs
 * through a relay of the sandbox: a leader on the minority side of a cut, a follower cut off one
 * way, and a cut that heals before any timeout. Each topic has one partition and three replicas.
 */
public final class PartitionsLesson {

    /** How long a step waits for the cluster to show a change before it fails. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a producer keeps trying a record where the lesson expects it to get through. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    static final String NO_RELAYS = "it cuts links between brokers, which needs the sandbox's relays: leave out"
            + " --bootstrap-server (on your own hosts, a firewall rule on one of them does the same)";

    static final String NO_ZOOKEEPER = "it starts a ZooKeeper ensemble of its own with relays between the servers, as part of"
            + " the sandbox: leave out --bootstrap-server";

    private final String bootstrapServers;
    private final Optional<KafkaLinks> links;
    private final Narrator narrator;
    private final Duration shortCut;

    public PartitionsLesson(String bootstrapServers, Optional<KafkaLinks> links, Narrator narrator) {
        this(bootstrapServers, links, narrator, FollowerStep.SHORT_CUT);
    }

    /** @param shortCut how long step 3 cuts its leader off ({@link FollowerStep#SHORT_CUT}; "Try this" 2: 5 s) */
    public PartitionsLesson(String bootstrapServers, Optional<KafkaLinks> links, Narrator narrator, Duration shortCut) {
        this.bootstrapServers = bootstrapServers;
        this.links = links;
        this.narrator = narrator;
        this.shortCut = shortCut;
    }

    public PartitionsResult run() throws Exception {
        narrator.intro(
                "A network partition splits a cluster into sides that cannot talk, while every process keeps running.",
                "Kafka's controller decides which side a partition's leader is on. Watch for: an old leader that still",
                "accepts acks=1 writes nobody will keep, a follower dropped from the ISR while alive, a short cut, and a",
                "ZooKeeper leader that stops serving as soon as it cannot reach a majority.");
        if (links.isEmpty()) {
            return new PartitionsResult(narrator.skipStep("a leader on the wrong side of a cut", NO_RELAYS),
                    narrator.skipStep("a follower cut off, one way", NO_RELAYS),
                    narrator.skipStep("a cut that heals before the timeouts", NO_RELAYS),
                    narrator.skipStep("a ZooKeeper leader cut off from its followers", NO_ZOOKEEPER));
        }
        try (Brokers brokers = new Brokers(bootstrapServers)) {
            if (brokers.ids().size() < 3) {
                String reason = "it needs 3 brokers, and this cluster has " + brokers.ids().size();
                return new PartitionsResult(narrator.skipStep("a leader on the wrong side of a cut", reason),
                        narrator.skipStep("a follower cut off, one way", reason),
                        narrator.skipStep("a cut that heals before the timeouts", reason),
                        narrator.skipStep("a ZooKeeper leader cut off from its followers", reason));
            }
            // Cut off a broker that is not the active controller: this lesson is about partition leaders, and
            // lesson 13 shows the controller failing over.
            int controller = brokers.activeController();
            List<Integer> others = brokers.ids().stream().filter(id -> id != controller).toList();
            narrator.step("a partition leader cut off from the other brokers (and the controller), not from every client");
            PartitionsResult.Split split = new SplitStep(brokers, links.get(), narrator).run(others.get(0));
            FollowerStep followerStep = new FollowerStep(brokers, links.get(), narrator, shortCut);
            narrator.step("a follower cut off from its leader, one way");
            PartitionsResult.FollowerCut follower = followerStep.followerCut(List.of(others.get(0), others.get(1), controller));
            narrator.step("a cut shorter than the timeouts");
            PartitionsResult.ShortCut shortCut = followerStep.shortCut(List.of(others.get(1), others.get(0), controller));
            narrator.step("a ZooKeeper leader cut off from both followers");
            PartitionsResult.ZooKeeperCut zookeeper = new ZooKeeperStep(narrator).run();
            return new PartitionsResult(Part.ran(split), Part.ran(follower), Part.ran(shortCut), Part.ran(zookeeper));
        }
    }

    /** Creates {@code topic} anew: one partition on {@code replicas} (the first leads), min.insync.replicas=2, all in sync. */
    static void createTopic(Brokers brokers, String topic, List<Integer> replicas) throws Exception {
        var admin = brokers.adminAt(brokers.ids());
        Topics.recreate(admin, new NewTopic(topic, Map.of(0, replicas)).configs(Map.of("min.insync.replicas", "2")));
        Topics.awaitPartition(admin, topic, 0, WAIT, p -> p.isr().size() == replicas.size(),
                "the replicas of " + topic + " never got in sync");
        // The steps ask for the end offset next. A broker that has not applied the new topic's metadata yet (seen
        // once, right after a healed cut) answers UNKNOWN_TOPIC_OR_PARTITION, so wait until the question is answered.
        Poll.until(WAIT, Duration.ofMillis(50), () -> Brokers.end(admin, topic).offset() >= 0,
                () -> "no broker gave the end offset of " + topic);
    }
}
