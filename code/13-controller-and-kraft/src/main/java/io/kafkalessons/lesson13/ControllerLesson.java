package io.kafkalessons.lesson13;

import io.kafkalessons.lesson13.ControllerResult.Failover;
import io.kafkalessons.lesson13.ControllerResult.Losses;
import io.kafkalessons.lesson13.ControllerResult.Fencing;
import io.kafkalessons.lesson13.ControllerResult.Tolerance;
import io.kafkalessons.sandbox.BrokerDisks;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;


import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lesson 13: in KRaft mode a quorum of controllers keeps the cluster's metadata in a replicated
 * log and elects one active controller; brokers register with it and are fenced when they go
 * silent; the quorum survives the loss of a minority of its voters and stops at a majority.
 */
public final class ControllerLesson {

    public static final String TOPIC = "lesson13-orders";
    static final String METADATA_FOLDER = "__cluster_metadata-0";
    static final int FIVE_VOTERS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long the lesson waits for a metadata change once a majority of the voters is gone: without a
     * quorum nothing can be committed, however long one waits (with a majority alive it waits 30 s).
     */
    private static final Duration UNAVAILABLE_AFTER = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final Faults faults;
    private final Optional<BrokerDisks> disks;
    private final Narrator narrator;

    /**
     * @param faults what the lesson may do to nodes (the steps that kill nodes are skipped without them)
     * @param disks  the nodes' data folders, to show the metadata log's files; empty on a remote cluster
     */
    public ControllerLesson(String bootstrapServers, Faults faults, Optional<BrokerDisks> disks, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.faults = faults;
        this.disks = disks;
        this.narrator = narrator;
    }

    public ControllerResult run() throws Exception {
        narrator.intro(
                "A KRaft cluster keeps its metadata (brokers, topics, leaders) in a log replicated by a quorum of",
                "controllers, one of which is active. Watch for: exactly one active controller, the metadata log",
                "growing with each change, brokers fenced when they go silent, a fast controller failover that",
                "producers do not notice, and a quorum that survives a minority of losses but not a majority.");
        try (Admin admin = Admin.create(adminProperties(bootstrapServers, TIMEOUT));
             Admin quick = Admin.create(adminProperties(bootstrapServers, Duration.ofSeconds(4)))) {
            narrator.step("who is in the controller quorum, and who leads it");
            // tag::quorum[]
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            // end::quorum[]
            List<Integer> voters = quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList();
            narrator.say("admin", "voters %s, active controller %d (epoch %d), metadata log high watermark %d",
                    voters, quorum.leaderId(), quorum.leaderEpoch(), quorum.highWatermark());
            narrator.say("admin", "observers (brokers following the metadata log): %s",
                    quorum.observers().stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList());
            int leadersSeen = leadersNamedByEachBroker(admin).size();
            narrator.say("admin", "every broker names the same active controller: %s", leadersSeen == 1);

            narrator.step("a metadata change is a record in the metadata log");
            long before = quorum.highWatermark();
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            Topics.recreate(admin, new NewTopic(TOPIC, 3, (short) Math.min(2, brokers)));
            Poll.until(TIMEOUT, Duration.ofMillis(100), () -> highWatermark(admin) > before, () -> "the metadata log did not grow");
            long after = highWatermark(admin);
            narrator.say("admin", "after creating %s the metadata log's high watermark went from %d to %d", TOPIC, before, after);
            if (disks.isPresent()) {
                Path log = disks.get().logDir(quorum.leaderId()).resolve(METADATA_FOLDER);
                try (var files = Files.list(log)) {
                    narrator.say("disk", "controller %d keeps it in %s: %s", quorum.leaderId(), log,
                            files.map(p -> p.getFileName().toString()).sorted().toList());
                }
            }
            narrator.notice("brokers replay this log to learn about topics and leaders; nothing is kept in ZooKeeper.");

            Part<Losses> losses = faults.available() ? Part.ran(losses(admin, quick, voters))
                    : narrator.skipStep("fencing, failover and tolerance", faults.unavailableReason());
            return new ControllerResult(voters, quorum.leaderId(), leadersSeen, after > before, losses);
        }
    }

    /** The steps that kill nodes: a broker, the active controller, then a majority of controllers. */
    private Losses losses(Admin admin, Admin quick, List<Integer> voters) throws Exception {
        Fencing fencing = fenceABroker(admin);
        Failover failover = killActiveController(admin, quick);
        List<Tolerance> tolerance = List.of(loseASecondController(voters, failover), fiveVoters());
        narrator.line("");
        narrator.line("Tolerance: %-10s %-22s %s", "voters", "survives losing", "stops at losing");
        for (Tolerance t : tolerance) {
            narrator.line("           %-10d %-22d %d", t.voters(), t.survivedLosses(), t.stoppedAtLosses());
        }
        narrator.notice("a quorum of N voters needs a majority alive: 3 survive 1 loss, 5 survive 2. Four would");
        narrator.notice("still survive only 1, which is why quorums have an odd number of voters.");
        return new Losses(fencing, failover, tolerance);
    }

    private Fencing fenceABroker(Admin admin) throws Exception {
        int broker = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().mapToInt(Node::id).max().orElseThrow();
        narrator.step("kill -9 broker %d: the controller fences it when its heartbeats stop", broker);
        faults.kill(broker);
        long fencedAfter = Poll.until(TIMEOUT, Duration.ofMillis(50), () -> admin.describeCluster().nodes()
                        .get(5, TimeUnit.SECONDS).stream().noneMatch(n -> n.id() == broker),
                () -> "broker " + broker + " was never fenced").toMillis();
        narrator.say("controller", "broker %d fenced %d ms after the kill (broker.session.timeout.ms is 4 s here); "
                + "its partitions get new leaders", broker, fencedAfter);
        faults.restart(broker);
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> admin.describeCluster().nodes()
                .get(5, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == broker), () -> "broker " + broker + " did not register");
        narrator.say("controller", "broker %d restarted, registered again and was unfenced", broker);
        return new Fencing(broker, fencedAfter, true);
    }

    /** {@code quick}: an admin client with short timeouts, to ask who the active controller is while it changes. */
    private Failover killActiveController(Admin admin, Admin quick) throws Exception {
        int active = KafkaMetadata.activeController(quick).orElseThrow();
        narrator.step("kill -9 the active controller (node %d) while a producer keeps writing", active);
        AtomicInteger errors = new AtomicInteger();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            producer.send(new ProducerRecord<>(TOPIC, "warm-up")).get(30, TimeUnit.SECONDS);
            faults.kill(active);
            long killedAt = System.nanoTime();
            String during = "lesson13-created-during-failover";
            admin.deleteTopics(List.of(during));
            CreateTopicsResult creating = admin.createTopics(List.of(new NewTopic(during, 1, (short) 1)));
            Handover handover = produceUntilNewController(quick, producer, active, killedAt, errors);
            producer.flush();
            boolean created;
            try {
                creating.all().get(30, TimeUnit.SECONDS);
                created = true;
            } catch (Exception e) {
                created = false;
            }
            narrator.say("controller", "node %d became the active controller %d ms after the kill", handover.newLeader(),
                    handover.millis());
            narrator.say("producer", "%d records sent during the failover, %d failed", handover.sent(), errors.get());
            narrator.say("admin", "a topic created right after the kill exists: %s", created);
            narrator.notice("producing and consuming go through brokers, not the controller: they carry on. Metadata");
            narrator.notice("changes (new topics, leader elections) simply wait for the new controller.");
            return new Failover(active, handover.newLeader(), handover.millis(), handover.sent(), errors.get(), created);
        }
    }

    /** The controller that took over, how long after the kill, and how many records were sent meanwhile. */
    private record Handover(int newLeader, long millis, int sent) {
    }

    /** Sends a record every 10 ms until a new controller has been active for a second. */
    private static Handover produceUntilNewController(Admin quick, KafkaProducer<String, String> producer, int former,
                                                      long killedAt, AtomicInteger errors) throws InterruptedException {
        int sent = 0;
        OptionalInt newLeader = OptionalInt.empty();
        long tookMillis = 0;
        long stopAt = Long.MAX_VALUE;
        while (System.nanoTime() < stopAt) {
            producer.send(new ProducerRecord<>(TOPIC, "order-" + sent), (m, e) -> {
                if (e != null) {
                    errors.incrementAndGet();
                }
            });
            sent++;
            if (newLeader.isEmpty() && sent % 10 == 0) {
                OptionalInt now = KafkaMetadata.activeController(quick);
                if (now.isPresent() && now.getAsInt() != former) {
                    newLeader = now;
                    tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
                    stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
            if ((System.nanoTime() - killedAt) > TIMEOUT.toNanos()) {
                throw new IllegalStateException("no new active controller within " + TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
        return new Handover(newLeader.getAsInt(), tookMillis, sent);
    }

    /** The failover left one controller down; a metadata change then worked (or not). Now lose a second one. */
    private Tolerance loseASecondController(List<Integer> voters, Failover failover) {
        narrator.step("%d voters, 1 already down: kill one more", voters.size());
        int second = voters.stream().filter(id -> id != failover.killed()).findFirst().orElseThrow();
        faults.kill(second);
        boolean works = metadataChangePossible(bootstrapServers, UNAVAILABLE_AFTER);
        narrator.say("admin", "with %d of %d controllers down, creating a topic %s", 2, voters.size(),
                works ? "still works"
                        : "gets no answer in the " + UNAVAILABLE_AFTER.toSeconds()
                        + " s the lesson waits: no quorum, no active controller");
        faults.restart(second);
        faults.restart(failover.killed());
        narrator.say("controller", "both controllers restarted; the quorum elects a leader again");
        int survived = failover.topicCreatedDuringFailover() ? (works ? 2 : 1) : 0;
        return new Tolerance(voters.size(), survived, works ? 3 : survived + 1);
    }

    private Tolerance fiveVoters() {
        narrator.step("a second sandbox with %d controllers: kill them one by one", FIVE_VOTERS);
        try (KafkaCluster five = KafkaCluster.builder().brokers(1)
                .controllers(FIVE_VOTERS, KafkaCluster.ControllerPlacement.DEDICATED)
                .name("13-controller-and-kraft-5-voters").start()) {
            Faults fiveFaults = Faults.of(five);
            List<Integer> victims = five.controllers().stream().map(n -> n.id()).toList();
            int survived = 0;
            int stoppedAt = 0;
            for (int lost = 1; lost <= FIVE_VOTERS && stoppedAt == 0; lost++) {
                fiveFaults.kill(victims.get(lost - 1));
                // A lost leader needs a new election first; give it time when a majority is still alive.
                boolean majority = FIVE_VOTERS - lost > FIVE_VOTERS / 2;
                boolean works = metadataChangePossible(five.bootstrapServers(), majority ? Duration.ofSeconds(30) : UNAVAILABLE_AFTER);
                narrator.say("admin", "%d of %d controllers down: creating a topic %s", lost, FIVE_VOTERS,
                        works ? "works" : "gets no answer: no quorum");
                if (works) {
                    survived = lost;
                } else {
                    stoppedAt = lost;
                }
            }
            return new Tolerance(FIVE_VOTERS, survived, stoppedAt);
        }
    }


    /** True if a new topic can be created within {@code timeout}: the quorum has an active controller. */
    private static boolean metadataChangePossible(String bootstrap, Duration timeout) {
        try (Admin admin = Admin.create(adminProperties(bootstrap, timeout))) {
            admin.createTopics(List.of(new NewTopic("lesson13-probe-" + UUID.randomUUID(), 1, (short) 1)))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The active controller as each broker reports it; one entry when they all agree. */
    private Set<Integer> leadersNamedByEachBroker(Admin admin) throws Exception {
        Set<Integer> leaders = new HashSet<>();
        for (Node broker : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) {
            try (Admin direct = Admin.create(adminProperties(broker.host() + ":" + broker.port(), TIMEOUT))) {
                leaders.add(direct.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId());
            }
        }
        return leaders;
    }

    private static long highWatermark(Admin admin) throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).highWatermark();
    }

    private static Properties adminProperties(String bootstrap, Duration timeout) {
        Properties props = Clients.admin(bootstrap);
        // Fail within the given time: how long to wait is part of what the lesson measures.
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 5000));
        return props;
    }

    private Properties producerProperties() {
        return Clients.producer(bootstrapServers);
    }
}
