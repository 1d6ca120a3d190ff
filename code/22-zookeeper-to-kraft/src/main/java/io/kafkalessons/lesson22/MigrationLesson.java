package io.kafkalessons.lesson22;

import io.kafkalessons.lesson12.LegacyBroker;
import io.kafkalessons.lesson12.LegacyKafkaCluster;
import io.kafkalessons.lesson22.MigrationCluster.BrokerMode;
import io.kafkalessons.lesson22.MigrationResult.Metadata;
import io.kafkalessons.lesson22.MigrationResult.Phase;
import io.kafkalessons.lesson22.MigrationResult.Znodes;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.SandboxException;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.ClusterProbe;
import io.kafkalessons.sandbox.lesson.KeyedTraffic;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 22: a Kafka 3.9 cluster moved from ZooKeeper to KRaft while a producer writes with
 * acks=all: a KRaft controller in migration mode, the brokers rolled into migration mode (the
 * controller copies the metadata out of ZooKeeper), then into KRaft mode, then the migration
 * finalized and ZooKeeper stopped. The znodes are read at the end of every phase.
 */
public final class MigrationLesson {

    static final String PREFIX = "lesson22-";
    static final String ORDERS = PREFIX + "orders";
    static final String DUAL_WRITE = PREFIX + "created-during-migration";
    static final String FINAL = PREFIX + "created-after-finalizing";
    static final String RETENTION_MS = "86400000";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String zookeeperConnect;
    private final String root;
    private final Faults zookeeperFaults;
    private final Narrator narrator;
    private final List<Phase> phases = new ArrayList<>();

    /**
     * @param root            where Kafka keeps its znodes: "" on the lesson's own ensemble, else a chroot
     * @param zookeeperFaults the ensemble's servers, to stop at the end; unavailable on an ensemble the lesson did not start
     */
    public MigrationLesson(String zookeeperConnect, String root, Faults zookeeperFaults, Narrator narrator) {
        this.zookeeperConnect = zookeeperConnect;
        this.root = root;
        this.zookeeperFaults = zookeeperFaults;
        this.narrator = narrator;
    }

    public MigrationResult run() throws Exception {
        narrator.intro(
                "Kafka 4 has no ZooKeeper mode, so every cluster that still runs on ZooKeeper must move its metadata into a",
                "KRaft controller quorum on Kafka 3.9 before it can upgrade. This lesson does it live, phase by phase,",
                "while a producer writes with acks=all. Watch who the /controller znode names, and when ZooKeeper stops",
                "being told about changes: that is the point after which there is no way back.");
        try (ZkView zk = new ZkView(zookeeperConnect, root);
             MigrationCluster cluster = new MigrationCluster(zookeeperConnect + root, MigrationMain.INFO.folder() + "-kafka")) {
            if (!root.isEmpty()) {
                io.kafkalessons.sandbox.lesson.Znodes.recreate(zk.zookeeper(), root);
                narrator.say("zookeeper", "this ensemble is not the lesson's own: Kafka gets the path %s", root);
            }
            Metadata before;
            Metadata after;
            KeyedTraffic.Tally tally;
            boolean dualWrite;
            boolean afterFinal;
            QuorumInfo quorum;
            boolean zookeeperOff;
            try (Admin admin = Admin.create(Clients.admin(cluster.bootstrapServers()))) {
                ClusterView view = new ClusterView(admin);
                before = zookeeperMode(cluster, zk, admin, view);
                try (KeyedTraffic traffic = new KeyedTraffic(cluster.bootstrapServers(), ORDERS, 6)) {
                    traffic.awaitAcknowledged(200);
                    narrator.say("producer", "writing to %s with acks=all from now to the end", ORDERS);
                    controllerInMigrationMode(cluster, zk);
                    dualWrite = brokersIntoMigration(cluster, zk, admin, view);
                    brokersIntoKRaft(cluster, zk, view);
                    afterFinal = finalizeMigration(cluster, zk, admin, view);
                    zookeeperOff = stopZooKeeper();
                    traffic.awaitAcknowledged(traffic.acknowledgedSoFar() + 200);
                    tally = traffic.finish();
                }
                after = view.metadata(ORDERS);
                quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            }
            return report(before, after, dualWrite, afterFinal, quorum, zookeeperOff, tally);
        }
    }

    private Metadata zookeeperMode(MigrationCluster cluster, ZkView zk, Admin admin, ClusterView view) throws Exception {
        narrator.step("a Kafka %s cluster in ZooKeeper mode, with a topic, a topic setting and an ACL", LegacyKafkaCluster.VERSION);
        long start = System.nanoTime();
        cluster.brokers().forEach(b -> cluster.configureBroker(b.id(), BrokerMode.ZOOKEEPER));
        cluster.brokers().forEach(LegacyBroker::start);
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> zk.children("/brokers/ids").size() == MigrationCluster.BROKERS
                && !zk.get("/controller").isEmpty(), () -> "the brokers did not register in ZooKeeper");
        NewTopic orders = new NewTopic(ORDERS, 3, (short) 3).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2", TopicConfig.RETENTION_MS_CONFIG, RETENTION_MS));
        Topics.recreate(admin, orders);
        AclBinding read = new AclBinding(new ResourcePattern(ResourceType.TOPIC, ORDERS, PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
        admin.createAcls(List.of(read)).all().get(30, TimeUnit.SECONDS);
        Metadata before = Poll.untilMatches(TIMEOUT, Duration.ofMillis(200), () -> view.metadata(ORDERS),
                m -> !m.acls().isEmpty(), m -> "the ACL did not show");
        narrator.say("admin", "topics %s; %s retention.ms=%s; ACLs %s", before.topics(), ORDERS, before.retention(), before.acls());
        endPhase("zookeeper-mode", start, zk);
        narrator.notice("a broker won the /controller znode: in ZooKeeper mode one broker is also the controller");
        return before;
    }

    private void controllerInMigrationMode(MigrationCluster cluster, ZkView zk) throws Exception {
        narrator.step("a KRaft controller, formatted with the cluster's id, started in migration mode");
        long start = System.nanoTime();
        String clusterId = zk.clusterId();
        cluster.configureController(true);
        cluster.formatController(clusterId);
        cluster.controller().start();
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> {
            cluster.controller().checkNotCrashed();
            // The quorum answers through the controller's own listener (bootstrap.controllers), as kafka-metadata-quorum would.
            return ClusterProbe.kafkaControllers(cluster.controller().address()) == 1;
        }, () -> "the KRaft controller did not start; see " + cluster.controller().logFile());
        narrator.say("controller", "node %d, cluster id %s (read from /cluster/id), zookeeper.metadata.migration.enable=true",
                MigrationCluster.CONTROLLER_ID, clusterId);
        endPhase("controller-started", start, zk);
        narrator.notice("nothing has moved yet: the controller waits until every broker has registered with it");
    }

    private boolean brokersIntoMigration(MigrationCluster cluster, ZkView zk, Admin admin, ClusterView view) throws Exception {
        narrator.step("every broker restarted in turn in migration mode; the last one starts the metadata copy");
        long start = System.nanoTime();
        roll(cluster, view, BrokerMode.MIGRATION);
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> zk.get("/controller").contains("\"brokerid\":" + MigrationCluster.CONTROLLER_ID)
                && migrated(zk.get("/migration")), () -> "the KRaft controller did not take over; see "
                + cluster.controller().logFile());
        endPhase("brokers-in-migration-mode", start, zk);
        narrator.notice("the KRaft controller now holds /controller and copied the metadata out of ZooKeeper (/migration");
        narrator.notice("says up to which offset of its log). It still writes every change back to ZooKeeper (dual write):");
        return createdInZooKeeper(admin, zk, DUAL_WRITE);
    }

    private void brokersIntoKRaft(MigrationCluster cluster, ZkView zk, ClusterView view) throws Exception {
        narrator.step("every broker restarted in turn in KRaft mode (process.roles=broker, no zookeeper.connect)");
        long start = System.nanoTime();
        roll(cluster, view, BrokerMode.KRAFT);
        endPhase("brokers-in-kraft-mode", start, zk);
        narrator.notice("no broker is registered in ZooKeeper any more. Until the next step, going back is still possible:");
        narrator.notice("ZooKeeper has every change, and the brokers can be rolled back into ZooKeeper mode");
    }

    private boolean finalizeMigration(MigrationCluster cluster, ZkView zk, Admin admin, ClusterView view) throws Exception {
        narrator.step("finalize: the controller restarted without zookeeper.metadata.migration.enable and zookeeper.connect");
        long start = System.nanoTime();
        cluster.controller().stop();
        cluster.configureController(false);
        cluster.controller().start();
        Poll.until(TIMEOUT, Duration.ofMillis(200), () -> admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS)
                .leaderId() == MigrationCluster.CONTROLLER_ID, () -> "the controller did not lead its quorum again");
        endPhase("finalized", start, zk);
        boolean inZooKeeper = createdInZooKeeper(admin, zk, FINAL);
        narrator.notice("from here on ZooKeeper is out of date, so the cluster can no longer go back to it: this is the");
        narrator.notice("point of no return");
        return inZooKeeper;
    }

    /** Creates {@code topic} and says whether it appears under /brokers/topics within 5 s. */
    private boolean createdInZooKeeper(Admin admin, ZkView zk, String topic) throws Exception {
        Topics.recreate(admin, new NewTopic(topic, 1, (short) 3));
        boolean found;
        try {
            Poll.until(Duration.ofSeconds(5), Duration.ofMillis(100), () -> zk.children("/brokers/topics").contains(topic),
                    () -> topic + " not in ZooKeeper");
            found = true;
        } catch (SandboxException notThere) {
            found = false;
        }
        narrator.say("zookeeper", "topic %s created through a broker: %s /brokers/topics", topic, found ? "in" : "not in");
        return found;
    }

    private void roll(MigrationCluster cluster, ClusterView view, BrokerMode mode) {
        for (LegacyBroker broker : cluster.brokers()) {
            long start = System.nanoTime();
            broker.stop();
            cluster.configureBroker(broker.id(), mode);
            broker.start();
            view.awaitBack(broker.id(), Set.of(ORDERS));
            narrator.say("sandbox", "broker %d stopped cleanly and back in %s mode, every replica in sync, after %.1f s",
                    broker.id(), mode.name().toLowerCase(java.util.Locale.ROOT), (System.nanoTime() - start) / 1e9);
        }
    }

    private boolean stopZooKeeper() {
        if (!zookeeperFaults.available()) {
            narrator.say("sandbox", "ZooKeeper is not the lesson's own, so it keeps running; the cluster no longer uses it");
            return false;
        }
        zookeeperFaults.clientAddresses().keySet().forEach(zookeeperFaults::stop);
        narrator.say("sandbox", "ZooKeeper stopped: the cluster runs on KRaft alone, and the producer keeps writing");
        return true;
    }

    private void endPhase(String name, long startNanos, ZkView zk) throws Exception {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        Znodes z = zk.znodes();
        phases.add(new Phase(name, millis, z));
        narrator.say("zookeeper", "/controller %s", z.controller().isEmpty() ? "(none)" : z.controller());
        narrator.say("zookeeper", "/brokers/ids %s; /migration %s", z.brokers(), z.migration().isEmpty() ? "(none)" : z.migration());
        narrator.say("sandbox", "phase %s took %.1f s", name, millis / 1000.0);
    }

    private MigrationResult report(Metadata before, Metadata after, boolean dualWrite, boolean afterFinal, QuorumInfo quorum,
                                   boolean zookeeperOff, KeyedTraffic.Tally tally) {
        narrator.step("what survived");
        List<Integer> voters = quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList();
        List<Integer> observers = quorum.observers().stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList();
        narrator.say("admin", "KRaft quorum: voters %s, observers (the brokers) %s", voters, observers);
        narrator.say("admin", "topics %s; %s retention.ms=%s; ACLs %s", after.topics(), ORDERS, after.retention(), after.acls());
        narrator.say("consumer", "%d records acknowledged, %d sends failed; read back: %d lost, %d duplicates", tally.acknowledged(),
                tally.failed(), tally.lost(), tally.duplicates());
        narrator.notice("the topic, its setting and its ACL came through, and no acknowledged record was lost");
        return new MigrationResult(List.copyOf(phases), before, afterWithoutLaterTopics(after), dualWrite, afterFinal, voters,
                observers, zookeeperOff, tally);
    }

    /** The metadata after, less the two topics the lesson created during the migration, to compare with before. */
    private static Metadata afterWithoutLaterTopics(Metadata after) {
        return new Metadata(after.topics().stream().filter(t -> !t.equals(DUAL_WRITE) && !t.equals(FINAL)).toList(),
                after.retention(), after.acls());
    }

    /** Whether /migration says the KRaft controller copied the metadata (it holds -1 everywhere before). */
    private static boolean migrated(String migration) {
        return migration.contains("\"kraft_controller_id\":" + MigrationCluster.CONTROLLER_ID)
                && !migration.contains("\"kraft_metadata_offset\":-1");
    }
}
