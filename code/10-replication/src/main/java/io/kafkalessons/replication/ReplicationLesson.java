package io.kafkalessons.replication;

import io.kafkalessons.replication.ReplicationResult.Durability;
import io.kafkalessons.replication.ReplicationResult.Failover;
import io.kafkalessons.replication.ReplicationResult.HighWatermark;
import io.kafkalessons.replication.ReplicationResult.Layout;
import io.kafkalessons.replication.ReplicationResult.Preferred;
import io.kafkalessons.replication.ReplicationResult.Probe;
import io.kafkalessons.replication.ReplicationResult.TooFewReplicas;
import io.kafkalessons.replication.ReplicationResult.Visibility;
import io.kafkalessons.replication.ReplicationResult.TwoDown;
import io.kafkalessons.replication.ReplicationResult.Unclean;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.KafkaNode;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.SandboxNode;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Lesson 10: every partition is a leader and followers; the followers that keep up form the ISR,
 * the high watermark is what all of them have, and acks=all with min.insync.replicas decides what
 * survives a crash. The lesson freezes and kills brokers on purpose and counts what happens to
 * the records, ending with the claim that five brokers keep working with two of them down.
 */
public final class ReplicationLesson {

    public static final String TOPIC = "lesson10-replicated";
    public static final String ORDERS = "lesson10-orders";
    public static final String UNCLEAN_TOPIC = "lesson10-unclean";
    public static final String RF5_TOPIC = "lesson10-rf5-minisr3";
    public static final String RF3_TOPIC = "lesson10-rf3-minisr2";
    public static final int PRE_RECORDS = 100;
    public static final int LAGGING_RECORDS = 10;
    public static final int PROBE_RECORDS = 10;
    public static final int UNCLEAN_RECORDS = 1000;
    public static final int MIN_DURABLE_RECORDS = 10_000;
    public static final int ORDER_PARTITIONS = 6;
    public static final int KEYS = 24;
    static final int KILLS = 2;
    /** A follower's fetch can be parked at the leader for up to 500 ms; wait longer so none is in flight. */
    private static final Duration SETTLE = Duration.ofMillis(1000);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QUICK = Duration.ofMillis(50);

    private final String bootstrapServers;
    private final Optional<KafkaCluster> sandbox;
    private final Narrator narrator;

    public ReplicationLesson(String bootstrapServers, Optional<KafkaCluster> sandbox, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.sandbox = sandbox;
        this.narrator = narrator;
    }

    public ReplicationResult run() throws Exception {
        narrator.intro(
                "Each partition has one leader and some followers that copy it. Followers that keep up form the",
                "ISR (in-sync replicas); the high watermark is the offset all of them have, and consumers read no",
                "further. Watch what happens to acknowledged records when followers freeze and leaders die.");
        try (Admin admin = Admin.create(adminProperties())) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            Layout layout = layout(admin, brokers);
            if (sandbox.isEmpty()) {
                narrator.step(2, "(steps 2, 3, 6 and 7 freeze and kill brokers, so they need the sandbox; next is step 4)");
                Durability durability = leaderKills(admin, Optional.empty());
                return new ReplicationResult(layout, null, null, durability, preferredElection(admin), null, null);
            }
            KafkaCluster kafka = sandbox.get();
            HighWatermark hw = highWatermark(admin, kafka, layout);
            TooFewReplicas tooFew = tooFewInSync(admin, kafka, layout, hw.laggingFollower());
            Durability durability = leaderKills(admin, sandbox);
            Preferred preferred = preferredElection(admin);
            Unclean unclean = uncleanElection(admin, kafka);
            TwoDown twoDown = twoBrokersDown(admin, kafka);
            return new ReplicationResult(layout, hw, tooFew, durability, preferred, unclean, twoDown);
        }
    }

    private Layout layout(Admin admin, int brokers) throws Exception {
        narrator.step(1, "a topic with 3 replicas and min.insync.replicas=2");
        NewTopic topic = sandbox.isPresent()
                ? new NewTopic(TOPIC, Map.of(0, calmBrokers(sandbox.get(), 3)))
                : new NewTopic(TOPIC, 1, (short) Math.min(3, brokers));
        // tag::topic[]
        topic.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"));
        // end::topic[]
        TopicPartitionInfo p = Topics.recreate(admin, topic).partitions().get(0);
        produceCounting(TOPIC, "pre-", PRE_RECORDS, "all");
        Layout layout = new Layout(TOPIC, p.leader().id(), ids(p.replicas()), ids(p.isr()));
        narrator.say("admin", "%s-0: leader %d, replicas %s, ISR %s; %d records written with acks=all",
                TOPIC, layout.leader(), layout.replicas(), layout.isr(), PRE_RECORDS);
        narrator.notice("the first replica in the list is the preferred leader; all three are in sync.");
        if (sandbox.isPresent()) {
            createFiveBrokerTopics(admin, sandbox.get());
        }
        return layout;
    }

    private HighWatermark highWatermark(Admin admin, KafkaCluster kafka, Layout layout) throws Exception {
        int lagging = layout.replicas().get(2);
        narrator.step(2, "freeze follower %d (SIGSTOP, like a long GC pause) and write %d records with acks=1",
                lagging, LAGGING_RECORDS);
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        // Both clients connect before the freeze: a new client could pick the frozen broker to ask for
        // metadata and wait seconds for an answer, and this step has to finish before the broker is fenced.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties("1"));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            producer.partitionsFor(TOPIC);
            consumer.assign(List.of(tp));
            consumer.position(tp);

            kafka.node(lagging).pause();
            long frozenAt = System.nanoTime();
            Thread.sleep(SETTLE.toMillis());
            long acknowledgedEnd = 0;
            for (int i = 0; i < LAGGING_RECORDS; i++) {
                acknowledgedEnd = producer.send(new ProducerRecord<>(TOPIC, "lagging-" + i)).get(10, TimeUnit.SECONDS).offset() + 1;
            }
            long endWhileLagging = consumer.endOffsets(List.of(tp)).get(tp);
            int readWhileLagging = readFor(consumer, tp, Duration.ofMillis(500));
            narrator.say("producer", "the leader acknowledged offsets up to %d (acks=1 waits for the leader only)",
                    acknowledgedEnd - 1);
            narrator.say("consumer", "end offset (the high watermark) is %d; reading from 0 for 0.5 s gave %d records",
                    endWhileLagging, readWhileLagging);
            narrator.notice("the records exist on the leader, but consumers cannot see them: broker %d, still in the", lagging);
            narrator.notice("ISR, does not have them yet, and a record becomes visible only once every ISR member has it.");

            // The leader answers this consumer directly, so it sees the high watermark move the moment the
            // controller drops the frozen follower from the ISR (an admin call might wait on the frozen broker).
            long end = acknowledgedEnd;
            Poll.until(TIMEOUT, QUICK, () -> consumer.endOffsets(List.of(tp)).get(tp) == end,
                    () -> "the high watermark did not move: broker " + lagging + " stayed in the ISR");
            long leftAfter = elapsedMillis(frozenAt);
            List<Integer> isrAfter = isr(admin, TOPIC, 0);
            long endAfter = consumer.endOffsets(List.of(tp)).get(tp);
            int readAfter = readFor(consumer, tp, Duration.ofMillis(500));
            narrator.say("controller", "broker %d missed its heartbeats and was fenced %.1f s after it froze; ISR now %s",
                    lagging, leftAfter / 1000.0, isrAfter);
            narrator.say("consumer", "end offset is %d now, and the same read gives %d records", endAfter, readAfter);
            narrator.notice("the ISR shrank, so the high watermark no longer waits for broker %d.", lagging);
            return new HighWatermark(lagging, acknowledgedEnd, endWhileLagging, readWhileLagging, leftAfter, isrAfter,
                    endAfter, readAfter);
        }
    }

    private TooFewReplicas tooFewInSync(Admin admin, KafkaCluster kafka, Layout layout, int frozen) throws Exception {
        int stopped = layout.replicas().get(1);
        narrator.step(3, "also kill follower %d: the leader alone is below min.insync.replicas=2", stopped);
        kafka.node(stopped).kill();
        Poll.until(TIMEOUT, QUICK, () -> isr(admin, TOPIC, 0).size() == 1, () -> "the ISR did not shrink to the leader");
        TopicPartitionInfo p = Topics.describe(admin, TOPIC).partitions().get(0);
        List<Integer> isr = ids(p.isr());
        List<Integer> elr = ids(p.elr());
        narrator.say("admin", "ISR %s, eligible leader replicas (ELR) %s", isr, elr);

        int refused = 0;
        String error = "none";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(noRetryProducerProperties())) {
            for (int i = 0; i < PROBE_RECORDS; i++) {
                try {
                    producer.send(new ProducerRecord<>(TOPIC, "refused-" + i)).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    refused++;
                    error = e.getCause().getClass().getSimpleName();
                }
            }
        }
        long endBefore = endOffset(admin, TOPIC, 0);
        long acceptedAcksOne = produceCounting(TOPIC, "acks1-", PROBE_RECORDS, "1");
        Thread.sleep(SETTLE.toMillis());
        long endWhileBelowMinIsr = endOffset(admin, TOPIC, 0);
        narrator.say("producer acks=all", "%d of %d writes refused with %s", refused, PROBE_RECORDS, error);
        narrator.say("producer acks=1", "%d of %d writes accepted at the same time", acceptedAcksOne, PROBE_RECORDS);
        narrator.say("consumer", "end offset (the high watermark) %d before those writes, %d a second after them",
                endBefore, endWhileBelowMinIsr);
        narrator.notice("acks=all would rather fail than accept a record that only one broker has. acks=1 accepts it,");
        narrator.notice("but with fewer in-sync replicas than min.insync.replicas the high watermark stands still, so");
        narrator.notice("no consumer sees those records yet; they would be lost if this last broker died. A refused");
        narrator.notice("write is retriable: a normal producer keeps trying until delivery.timeout.ms (lesson 7).");

        narrator.line("Step 3b: bring both followers back (resume %d, restart %d)", frozen, stopped);
        long back = System.nanoTime();
        kafka.node(frozen).resume();
        kafka.node(stopped).restart();
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> isr(admin, TOPIC, 0).size() == 3,
                () -> "the followers did not rejoin the ISR");
        long rejoined = elapsedMillis(back);
        List<Integer> isrAfter = isr(admin, TOPIC, 0);
        long endAfterRejoin = endOffset(admin, TOPIC, 0);
        narrator.say("admin", "ISR %s again %.1f s later: each follower fetched what it missed, then was added back",
                isrAfter, rejoined / 1000.0);
        narrator.say("consumer", "end offset %d: the %d acks=1 records are readable now", endAfterRejoin,
                endAfterRejoin - endBefore);
        return new TooFewReplicas(isr, elr, PROBE_RECORDS, refused, error, (int) acceptedAcksOne,
                new Visibility(endBefore, endWhileBelowMinIsr, endAfterRejoin), rejoined, isrAfter);
    }

    private Durability leaderKills(Admin admin, Optional<KafkaCluster> kafka) throws Exception {
        narrator.step(4, "%s: %d partitions, 3 replicas each, min.insync.replicas=2; %d keys written in order with acks=all",
                ORDERS, ORDER_PARTITIONS, KEYS);
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        Topics.recreate(admin, new NewTopic(ORDERS, ORDER_PARTITIONS, (short) Math.min(3, brokers))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, brokers)))));
        List<Failover> kills = new ArrayList<>();
        try (KeyedTraffic traffic = new KeyedTraffic(reachableBrokers(), ORDERS, KEYS)) {
            traffic.awaitAcknowledged(1000);
            if (kafka.isPresent()) {
                for (int i = 0; i < KILLS; i++) {
                    kills.add(killALeader(admin, kafka.get(), traffic, i));
                }
            }
            traffic.awaitAcknowledged(MIN_DURABLE_RECORDS);
            Durability d = traffic.finish(kills);
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

    private Failover killALeader(Admin admin, KafkaCluster kafka, KeyedTraffic traffic, int round) throws Exception {
        Map<Integer, Integer> leaders = leaders(admin, ORDERS);
        int active = kafka.activeController().orElse(-1);
        // Kill a broker that leads partitions but is not the active controller, so this measures a
        // partition failover only (lesson 13 kills the controller).
        int victim = leaders.values().stream().filter(id -> id != active).findFirst()
                .orElseThrow(() -> new IllegalStateException("every leader of " + ORDERS + " is the active controller"));
        List<Integer> led = leaders.entrySet().stream().filter(e -> e.getValue() == victim).map(Map.Entry::getKey).toList();
        narrator.line("Step 4%s: kill -9 broker %d, the leader of partitions %s, with %d records acknowledged so far",
                (char) ('a' + 2 * round), victim, led, traffic.acknowledgedSoFar());
        kafka.node(victim).kill();
        long millis = Poll.until(TIMEOUT, QUICK, () -> {
            Map<Integer, Integer> now = leaders(admin, ORDERS);
            return led.stream().allMatch(p -> now.containsKey(p) && now.get(p) != victim);
        }, () -> "the partitions of broker " + victim + " got no new leaders").toMillis();
        narrator.say("controller", "broker %d fenced and new leaders for %s %.1f s after the kill: %s", victim, led,
                millis / 1000.0, leaders(admin, ORDERS));
        narrator.line("Step 4%s: restart broker %d; it rejoins as a follower", (char) ('a' + 2 * round + 1), victim);
        kafka.node(victim).restart();
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> Topics.describe(admin, ORDERS).partitions().stream()
                .allMatch(p -> p.isr().size() == 3), () -> "broker " + victim + " did not rejoin every ISR");
        narrator.say("admin", "every partition has 3 in-sync replicas again; %d records acknowledged so far",
                traffic.acknowledgedSoFar());
        return new Failover(victim, led.size(), millis);
    }

    private Preferred preferredElection(Admin admin) throws Exception {
        narrator.step(5, "preferred leader election: hand leadership back to the first replicas");
        TopicDescription before = Topics.describe(admin, ORDERS);
        int notPreferredBefore = notPreferred(before);
        narrator.say("admin", "%d of %d partitions are led by a replica that is not their first: %s", notPreferredBefore,
                ORDER_PARTITIONS, leaders(admin, ORDERS));
        Set<TopicPartition> partitions = IntStream.range(0, ORDER_PARTITIONS)
                .mapToObj(p -> new TopicPartition(ORDERS, p)).collect(Collectors.toSet());
        // tag::preferred[]
        Map<TopicPartition, Optional<Throwable>> outcome = admin.electLeaders(ElectionType.PREFERRED, partitions)
                .partitions().get(30, TimeUnit.SECONDS);
        // end::preferred[]
        for (Map.Entry<TopicPartition, Optional<Throwable>> e : outcome.entrySet()) {
            if (e.getValue().isPresent() && !(e.getValue().get() instanceof ElectionNotNeededException)) {
                throw new IllegalStateException("preferred election of " + e.getKey() + " failed: " + e.getValue().get());
            }
        }
        Poll.until(Duration.ofSeconds(10), QUICK, () -> notPreferred(Topics.describe(admin, ORDERS)) == 0,
                () -> "leadership did not move back to the preferred replicas");
        int after = notPreferred(Topics.describe(admin, ORDERS));
        narrator.say("admin", "after the election: %d not preferred; leaders %s", after, leaders(admin, ORDERS));
        narrator.notice("a restarted broker comes back as a follower. Brokers also do this election by themselves");
        narrator.notice("(auto.leader.rebalance.enable), but only every leader.imbalance.check.interval.seconds (300 s).");
        return new Preferred(ORDER_PARTITIONS, notPreferredBefore, after);
    }

    private Unclean uncleanElection(Admin admin, KafkaCluster kafka) throws Exception {
        List<Integer> replicas = calmBrokers(kafka, 3);
        int a = replicas.get(0);
        int b = replicas.get(1);
        int c = replicas.get(2);
        narrator.step(6, "unclean leader election: %s, replicas %s, min.insync.replicas=2, %d records written",
                UNCLEAN_TOPIC, replicas, PRE_RECORDS);
        Topics.recreate(admin, new NewTopic(UNCLEAN_TOPIC, Map.of(0, replicas))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
        produceCounting(UNCLEAN_TOPIC, "pre-", PRE_RECORDS, "all");
        Poll.until(TIMEOUT, QUICK, () -> endOffset(admin, UNCLEAN_TOPIC, 0) == PRE_RECORDS, () -> "pre records not replicated");

        narrator.line("Step 6a: freeze broker %d until it drops out of the ISR", c);
        kafka.node(c).pause();
        long frozenAt = System.nanoTime();
        Poll.until(TIMEOUT, QUICK, () -> !isr(admin, UNCLEAN_TOPIC, 0).contains(c), () -> "broker " + c + " stayed in the ISR");
        long leftAfter = elapsedMillis(frozenAt);
        narrator.say("admin", "broker %d left the ISR after %.1f s; ISR %s", c, leftAfter / 1000.0, isr(admin, UNCLEAN_TOPIC, 0));

        narrator.line("Step 6b: write %d records with acks=all: brokers %d and %d have them, %d does not", UNCLEAN_RECORDS, a, b, c);
        long acknowledged = produceCounting(UNCLEAN_TOPIC, "run-", UNCLEAN_RECORDS, "all");
        narrator.say("producer", "%d of %d acknowledged", acknowledged, UNCLEAN_RECORDS);

        narrator.line("Step 6c: kill -9 brokers %d and %d, then unfreeze %d: the only replica left is out of sync", a, b, c);
        kafka.node(a).kill();
        kafka.node(b).kill();
        kafka.node(c).resume();
        Poll.until(TIMEOUT, QUICK, () -> !leaders(admin, UNCLEAN_TOPIC).containsKey(0)
                && kafka.node(c).isRunning(), () -> "the partition kept a leader");
        TopicPartitionInfo offline = Topics.describe(admin, UNCLEAN_TOPIC).partitions().get(0);
        String offlineError = sendOnce(UNCLEAN_TOPIC);
        narrator.say("admin", "leader none, ISR %s, ELR %s: the partition is offline", ids(offline.isr()), ids(offline.elr()));
        narrator.say("producer", "a write during the outage failed after its 2 s delivery timeout: %s", offlineError);
        narrator.notice("with unclean.leader.election.enable=false (the default) Kafka keeps the partition offline");
        narrator.notice("rather than hand it to broker %d, which lacks acknowledged records. It waits for %d or %d.", c, a, b);

        narrator.line("Step 6d: allow unclean elections for this topic, and elect");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, UNCLEAN_TOPIC);
        // tag::unclean[]
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "true"), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        // The controller acts on the setting in a periodic check (every 5 minutes); ask for the election now.
        admin.electLeaders(ElectionType.UNCLEAN, Set.of(new TopicPartition(UNCLEAN_TOPIC, 0))).all().get(30, TimeUnit.SECONDS);
        // end::unclean[]
        Poll.until(TIMEOUT, QUICK, () -> leaders(admin, UNCLEAN_TOPIC).getOrDefault(0, -1) == c,
                () -> "broker " + c + " was not elected");
        int[] readable = readRunAndPre(UNCLEAN_TOPIC);
        narrator.say("admin", "leader %d, ISR %s", c, isr(admin, UNCLEAN_TOPIC, 0));
        narrator.say("consumer", "pre records readable %d of %d; acknowledged run records readable %d of %d: %d lost",
                readable[1], PRE_RECORDS, readable[0], acknowledged, acknowledged - readable[0]);


        narrator.line("Step 6e: restart brokers %d and %d, which had the records", a, b);
        kafka.node(a).restart();
        kafka.node(b).restart();
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> isr(admin, UNCLEAN_TOPIC, 0).size() == 3,
                () -> "brokers " + a + " and " + b + " did not rejoin");
        int afterRejoin = readRunAndPre(UNCLEAN_TOPIC)[0];
        narrator.say("consumer", "ISR %s; acknowledged run records readable now: %d", isr(admin, UNCLEAN_TOPIC, 0), afterRejoin);
        narrator.notice("brokers %d and %d came back as followers of %d and cut their logs back to match it:", a, b, c);
        narrator.notice("the records acknowledged under acks=all are gone for good.");
        return new Unclean(c, leftAfter, PRE_RECORDS, readable[1], (int) acknowledged, ids(offline.isr()),
                ids(offline.elr()), offlineError, c, readable[0], afterRejoin);
    }

    /** Two topics for step 7, created while all five brokers are up. */
    private void createFiveBrokerTopics(Admin admin, KafkaCluster kafka) throws Exception {
        List<Integer> all = kafka.brokers().stream().map(KafkaNode::id).toList();
        // RF=5: every broker has every partition; partition p prefers broker p+1 as its leader.
        Map<Integer, List<Integer>> rf5 = new TreeMap<>();
        for (int p = 0; p < all.size(); p++) {
            int first = p;
            rf5.put(p, IntStream.range(0, all.size()).mapToObj(i -> all.get((first + i) % all.size())).toList());
        }
        // RF=3: one partition for each of the ten ways to choose three of the five brokers.
        Map<Integer, List<Integer>> rf3 = new TreeMap<>();
        for (List<Integer> trio : trios(all)) {
            rf3.put(rf3.size(), trio);
        }
        Topics.recreate(admin, new NewTopic(RF5_TOPIC, rf5).configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3")));
        Topics.recreate(admin, new NewTopic(RF3_TOPIC, rf3).configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
        narrator.say("admin", "for step 7: %s, %d partitions on all 5 brokers, min.insync.replicas=3", RF5_TOPIC, rf5.size());
        narrator.say("admin", "for step 7: %s, %d partitions, one per set of 3 brokers, min.insync.replicas=2",
                RF3_TOPIC, rf3.size());
    }

    private TwoDown twoBrokersDown(Admin admin, KafkaCluster kafka) throws Exception {
        narrator.step(7, "five brokers, each also a controller: kill two of them");
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> fullIsr(admin, RF5_TOPIC) && fullIsr(admin, RF3_TOPIC),
                () -> "not every replica of the step 7 topics was in sync");
        List<Integer> calm = calmBrokers(kafka, 4);
        List<Integer> down = List.of(calm.get(2), calm.get(3));
        narrator.line("Step 7a: every replica is in sync; kill -9 brokers %s", down);
        for (int id : down) {
            kafka.node(id).kill();
        }
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> {
            List<TopicPartitionInfo> parts = new ArrayList<>(Topics.describe(admin, RF5_TOPIC).partitions());
            parts.addAll(Topics.describe(admin, RF3_TOPIC).partitions());
            return parts.stream().allMatch(p -> p.leader() != null && !down.contains(p.leader().id())
                    && ids(p.isr()).stream().noneMatch(down::contains));
        }, () -> "the partitions did not drop brokers " + down);

        QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
        boolean writable = metadataWritable(admin);
        narrator.say("admin", "controller quorum: %d voters, active controller %d; a metadata change succeeds: %s",
                quorum.voters().size(), quorum.leaderId(), writable);

        List<Probe> rf5Probes = probe(admin, RF5_TOPIC);
        List<Probe> rf3Probes = probe(admin, RF3_TOPIC);
        narrator.say("producer", "one acks=all write per partition, no retries:");
        for (Probe p : rf5Probes) {
            narrator.say("producer", "  %-22s replicas %-15s ISR %-11s %s", p.name(), p.replicas(), p.isr(), p.outcome());
        }
        for (Probe p : rf3Probes) {
            narrator.say("producer", "  %-22s replicas %-15s ISR %-11s %s", p.name(), p.replicas(), p.isr(), p.outcome());
        }
        TwoDown result = new TwoDown(down, quorum.voters().size(), quorum.leaderId(), writable, rf5Probes, rf3Probes);
        narrator.notice("\"5 nodes keep working with 2 down\" holds for RF=5 with min.insync.replicas=3, and for the");
        narrator.notice("quorum of 5 controllers, which needs 3. With RF=3 and min.insync.replicas=2 it fails for the");
        narrator.notice("partitions that had both dead brokers among their 3 replicas: %s.",
                result.rf3LostTwo().stream().sorted().toList());
        narrator.notice("A quorum of 3 controllers would be gone with two nodes down (lesson 13 shows that).");
        return result;
    }

    /** Sends one acks=all record to every partition, without retries, and records the answer. */
    private List<Probe> probe(Admin admin, String topic) throws Exception {
        List<Probe> probes = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(noRetryProducerProperties())) {
            for (TopicPartitionInfo p : Topics.describe(admin, topic).partitions()) {
                String[] outcome = {"none"};
                // A broker can still answer from metadata a moment old; try again on anything but the answer we study.
                Poll.until(Duration.ofSeconds(20), Duration.ofMillis(200), () -> {
                    try {
                        producer.send(new ProducerRecord<>(topic, p.partition(), null, "probe")).get(10, TimeUnit.SECONDS);
                        outcome[0] = "accepted";
                        return true;
                    } catch (ExecutionException e) {
                        outcome[0] = "refused: " + e.getCause().getClass().getSimpleName();
                        return e.getCause() instanceof NotEnoughReplicasException;
                    }
                }, () -> "partition " + topic + "-" + p.partition() + " gave neither an answer nor a refusal: " + outcome[0]);
                probes.add(new Probe(topic, p.partition(), ids(p.replicas()), ids(p.isr()), outcome[0]));
            }
        }
        return probes;
    }

    private boolean metadataWritable(Admin admin) {
        try {
            Topics.recreate(admin, new NewTopic("lesson10-metadata-check", 1, (short) 1));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<List<Integer>> trios(List<Integer> ids) {
        List<List<Integer>> trios = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                for (int k = j + 1; k < ids.size(); k++) {
                    trios.add(List.of(ids.get(i), ids.get(j), ids.get(k)));
                }
            }
        }
        return trios;
    }

    /** Brokers that are running and are not the active controller, so freezing one never moves the controller. */
    private static List<Integer> calmBrokers(KafkaCluster kafka, int count) {
        int active = kafka.activeController().orElse(-1);
        List<Integer> calm = kafka.brokers().stream().filter(SandboxNode::isRunning).map(KafkaNode::id)
                .filter(id -> id != active).limit(count).toList();
        if (calm.size() < count) {
            throw new IllegalStateException("need " + count + " running brokers besides the active controller");
        }
        return calm;
    }

    private static boolean fullIsr(Admin admin, String topic) {
        return Topics.describe(admin, topic).partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
    }

    private static int notPreferred(TopicDescription d) {
        return (int) d.partitions().stream()
                .filter(p -> p.leader() == null || p.leader().id() != p.replicas().get(0).id()).count();
    }

    private static Map<Integer, Integer> leaders(Admin admin, String topic) {
        return Topics.describe(admin, topic).partitions().stream().filter(p -> p.leader() != null && !p.leader().isEmpty())
                .collect(Collectors.toMap(TopicPartitionInfo::partition, p -> p.leader().id(),
                        (x, y) -> x, TreeMap::new));
    }

    private static List<Integer> isr(Admin admin, String topic, int partition) {
        return ids(Topics.describe(admin, topic).partitions().get(partition).isr());
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** The end offset consumers see: the high watermark. */
    private static long endOffset(Admin admin, String topic, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS).offset();
    }

    private static long elapsedMillis(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** Sends {@code count} records at once and returns how many were acknowledged. */
    private long produceCounting(String topic, String prefix, int count, String acks) throws Exception {
        Properties props = producerProperties(acks);
        AtomicInteger acked = new AtomicInteger();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, prefix + i), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        return acked.get();
    }

    /** One write with a 2 s delivery timeout; returns the error's name, or "accepted". */
    private String sendOnce(String topic) throws Exception {
        Properties props = producerProperties("all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, "during-outage")).get(30, TimeUnit.SECONDS);
            return "accepted";
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName();
        }
    }

    /** Reads from offset 0 for a fixed time and counts the records: a consumer gets nothing past the high watermark. */
    private static int readFor(KafkaConsumer<String, String> consumer, TopicPartition tp, Duration duration) {
        consumer.seekToBeginning(List.of(tp));
        int count = 0;
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            count += consumer.poll(Duration.ofMillis(100)).count();
        }
        return count;
    }

    /** Counts of readable "run-" and "pre-" records in partition 0. */
    private int[] readRunAndPre(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            var records = LogReader.readTopic(consumer, topic);
            int run = (int) records.stream().filter(r -> r.value().startsWith("run-")).count();
            int pre = (int) records.stream().filter(r -> r.value().startsWith("pre-")).count();
            return new int[] {run, pre};
        }
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Calls routed to a frozen broker must give up in seconds, not after a minute.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return props;
    }

    private Properties producerProperties(String acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, reachableBrokers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // acks=1 alone would switch idempotence off silently; say it, so nobody counts on it.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all"));
        // A request to a frozen broker is given up after 3 s and sent elsewhere.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    /** The brokers a new client may contact first: in the sandbox only those not frozen or dead. */
    private String reachableBrokers() {
        return sandbox.map(k -> k.brokers().stream().filter(SandboxNode::isRunning).map(KafkaNode::address)
                .collect(Collectors.joining(","))).orElse(bootstrapServers);
    }

    /** acks=all, but the first error is final: the lesson wants to see NotEnoughReplicas itself. */
    private Properties noRetryProducerProperties() {
        Properties props = producerProperties("all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.RETRIES_CONFIG, 0);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, reachableBrokers());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // No group.id: this reader assigns itself the partition and commits nothing.
        return props;
    }
}
