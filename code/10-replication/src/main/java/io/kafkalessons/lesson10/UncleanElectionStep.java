package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.Unclean;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.kafkalessons.lesson10.ReplicationLesson.PRE_RECORDS;
import static io.kafkalessons.lesson10.ReplicationLesson.UNCLEAN_RECORDS;
import static io.kafkalessons.lesson10.ReplicationLesson.UNCLEAN_TOPIC;

/**
 * The only surviving replica is out of sync: Kafka keeps the partition offline until it is told to
 * allow an unclean election, and then the records acknowledged under acks=all are gone for good.
 */
final class UncleanElectionStep {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QUICK = Duration.ofMillis(50);

    private final Lab lab;
    private final Admin admin;
    private final Narrator narrator;

    UncleanElectionStep(Lab lab) {
        this.lab = lab;
        this.admin = lab.admin();
        this.narrator = lab.narrator();
    }

    /** Readable records of the two kinds this step writes: "pre-" before the freeze, "run-" after it. */
    private record Readable(int run, int pre) {
    }

    /** The partition with no leader: its ISR and ELR, and what a producer got. */
    private record Offline(List<Integer> isr, List<Integer> elr, String error) {
    }

    Unclean run() throws Exception {
        List<Integer> replicas = Replicas.calmBrokers(admin, 3, Replicas.Order.VOTERS_LAST);
        int a = replicas.get(0);
        int b = replicas.get(1);
        int c = replicas.get(2);
        Replicas.requireQuorumSurvives(admin, List.of(a, b));
        narrator.step("unclean leader election: %s, replicas %s, min.insync.replicas=2, %d records written",
                UNCLEAN_TOPIC, replicas, PRE_RECORDS);
        Topics.recreate(admin, new NewTopic(UNCLEAN_TOPIC, Map.of(0, replicas))
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
        lab.produceCounting(UNCLEAN_TOPIC, "pre-", PRE_RECORDS, "all");
        Poll.until(TIMEOUT, QUICK, () -> Replicas.endOffset(admin, UNCLEAN_TOPIC, 0) == PRE_RECORDS,
                () -> "pre records not replicated");

        long leftAfter = freezeUntilOutOfSync(c);
        narrator.subStep("write %d records with acks=all: brokers %d and %d have them, %d does not", UNCLEAN_RECORDS, a, b, c);
        int acknowledged = lab.produceCounting(UNCLEAN_TOPIC, "run-", UNCLEAN_RECORDS, "all");
        narrator.say("producer", "%d of %d acknowledged", acknowledged, UNCLEAN_RECORDS);
        Offline offline = killTheInSyncReplicas(a, b, c);
        Readable readable = electUnclean(c, acknowledged);
        int afterRejoin = restart(a, b, c);
        return new Unclean(c, leftAfter, PRE_RECORDS, readable.pre(), acknowledged, offline.isr(), offline.elr(),
                offline.error(), c, readable.run(), afterRejoin);
    }

    private long freezeUntilOutOfSync(int c) throws Exception {
        narrator.subStep("freeze broker %d until it drops out of the ISR", c);
        lab.faults().pause(c);
        long frozenAt = System.nanoTime();
        List<Integer> isr = Replicas.ids(Topics.awaitPartition(admin, UNCLEAN_TOPIC, 0, TIMEOUT,
                d -> Replicas.ids(d.isr()).stream().noneMatch(id -> id == c), "broker " + c + " stayed in the ISR").isr());
        long leftAfter = Replicas.elapsedMillis(frozenAt);
        narrator.say("admin", "broker %d left the ISR after %.1f s; ISR %s", c, leftAfter / 1000.0, isr);
        return leftAfter;
    }

    private Offline killTheInSyncReplicas(int a, int b, int c) throws Exception {
        narrator.subStep("kill -9 brokers %d and %d, then unfreeze %d: the only replica left is out of sync", a, b, c);
        lab.faults().kill(a);
        lab.faults().kill(b);
        lab.faults().resume(c);
        Poll.until(TIMEOUT, QUICK, () -> !Replicas.leaders(admin, UNCLEAN_TOPIC).containsKey(0),
                () -> "the partition kept a leader");
        TopicPartitionInfo p = Topics.describe(admin, UNCLEAN_TOPIC).partitions().get(0);
        Offline offline = new Offline(Replicas.ids(p.isr()), Replicas.ids(p.elr()), lab.sendOnce(UNCLEAN_TOPIC));
        narrator.say("admin", "leader none, ISR %s, ELR %s: the partition is offline", offline.isr(), offline.elr());
        narrator.say("producer", "a write during the outage failed after its 2 s delivery timeout: %s", offline.error());
        narrator.notice("with unclean.leader.election.enable=false (the default) Kafka keeps the partition offline");
        narrator.notice("rather than hand it to broker %d, which lacks acknowledged records. It waits for %d or %d.", c, a, b);
        return offline;
    }

    private Readable electUnclean(int c, int acknowledged) throws Exception {
        narrator.subStep("allow unclean elections for this topic, and elect");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, UNCLEAN_TOPIC);
        // tag::unclean[]
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "true"), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        // The controller acts on the setting in a periodic check (every 5 minutes); ask for the election now.
        admin.electLeaders(ElectionType.UNCLEAN, Set.of(new TopicPartition(UNCLEAN_TOPIC, 0))).all().get(30, TimeUnit.SECONDS);
        // end::unclean[]
        Poll.until(TIMEOUT, QUICK, () -> Replicas.leaders(admin, UNCLEAN_TOPIC).getOrDefault(0, -1) == c,
                () -> "broker " + c + " was not elected");
        Readable readable = readable();
        narrator.say("admin", "leader %d, ISR %s", c, Topics.isr(admin, UNCLEAN_TOPIC, 0));
        narrator.say("consumer", "pre records readable %d of %d; acknowledged run records readable %d of %d: %d lost",
                readable.pre(), PRE_RECORDS, readable.run(), acknowledged, acknowledged - readable.run());
        return readable;
    }

    private int restart(int a, int b, int c) throws Exception {
        narrator.subStep("restart brokers %d and %d, which had the records", a, b);
        lab.faults().restart(a);
        lab.faults().restart(b);
        List<Integer> isr = Replicas.ids(Topics.awaitPartition(admin, UNCLEAN_TOPIC, 0, TIMEOUT, d -> d.isr().size() == 3,
                "brokers " + a + " and " + b + " did not rejoin").isr());
        int afterRejoin = readable().run();
        narrator.say("consumer", "ISR %s; acknowledged run records readable now: %d", isr, afterRejoin);
        narrator.notice("brokers %d and %d came back as followers of %d and cut their logs back to match it:", a, b, c);
        narrator.notice("the records acknowledged under acks=all are gone for good.");
        return afterRejoin;
    }

    private Readable readable() {
        List<ConsumerRecord<String, String>> records = lab.readAll(UNCLEAN_TOPIC);
        int run = (int) records.stream().filter(r -> r.value().startsWith("run-")).count();
        int pre = (int) records.stream().filter(r -> r.value().startsWith("pre-")).count();
        return new Readable(run, pre);
    }
}
