package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.Layout;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 10: every partition is a leader and followers; the followers that keep up form the ISR,
 * the high watermark is what all of them have, and acks=all with min.insync.replicas decides what
 * survives a crash. The lesson freezes and kills brokers on purpose and counts what happens to
 * the records, ending with the claim that five brokers keep working with two of them down. Each
 * step is a class of its own, named for what it shows.
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

    private final String bootstrapServers;
    private final Faults faults;
    private final Narrator narrator;

    public ReplicationLesson(String bootstrapServers, Faults faults, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.faults = faults;
        this.narrator = narrator;
    }

    public ReplicationResult run() throws Exception {
        narrator.intro(
                "Each partition has one leader and some followers that copy it. Followers that keep up form the",
                "ISR (in-sync replicas); the high watermark is the offset all of them have, and consumers read no",
                "further. Watch what happens to acknowledged records when followers freeze and leaders die.");
        try (Admin admin = Admin.create(adminProperties())) {
            Lab lab = new Lab(admin, faults, narrator, bootstrapServers);
            Layout layout = layout(lab);
            Part<ReplicationResult.HighWatermark> hw = withFaults("freeze a follower and watch the high watermark",
                    () -> new HighWatermarkStep(lab).run(layout));
            Part<ReplicationResult.TooFewReplicas> tooFew = withFaults("fewer in-sync replicas than min.insync.replicas=2",
                    () -> new TooFewInSyncStep(lab).run(layout, hw.value().laggingFollower()));
            ReplicationResult.Durability durability = new LeaderKillsStep(lab).run();
            ReplicationResult.Preferred preferred = new PreferredElectionStep(lab).run();
            Part<ReplicationResult.Unclean> unclean = withFaults("unclean leader election",
                    () -> new UncleanElectionStep(lab).run());
            Part<ReplicationResult.TwoDown> twoDown = withFaults("five brokers, two of them killed",
                    () -> new TwoBrokersDownStep(lab).run());
            return new ReplicationResult(layout, hw, tooFew, durability, preferred, unclean, twoDown);
        }
    }

    /** Step 1: one partition, three replicas, min.insync.replicas=2, and 100 records written with acks=all. */
    private Layout layout(Lab lab) throws Exception {
        narrator.step("a topic with 3 replicas and min.insync.replicas=2");
        int brokers = lab.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        NewTopic topic = faults.available()
                ? new NewTopic(TOPIC, Map.of(0, Replicas.calmBrokers(lab.admin(), 3, Replicas.Order.VOTERS_FIRST)))
                : new NewTopic(TOPIC, 1, (short) Math.min(3, brokers));
        // tag::topic[]
        topic.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"));
        // end::topic[]
        TopicPartitionInfo p = Topics.recreate(lab.admin(), topic).partitions().get(0);
        lab.produceCounting(TOPIC, "pre-", PRE_RECORDS, "all");
        Layout layout = new Layout(TOPIC, p.leader().id(), Replicas.ids(p.replicas()), Replicas.ids(p.isr()));
        narrator.say("admin", "%s-0: leader %d, replicas %s, ISR %s; %d records written with acks=all",
                TOPIC, layout.leader(), layout.replicas(), layout.isr(), PRE_RECORDS);
        narrator.notice("the first replica in the list is the preferred leader; all three are in sync.");
        if (faults.available() && brokers >= 5) {
            new TwoBrokersDownStep(lab).prepare();
        }
        return layout;
    }

    /** A step that freezes or kills brokers: run it where faults are available, else say why not. */
    private <T> Part<T> withFaults(String title, StepBody<T> body) throws Exception {
        if (!faults.available()) {
            return narrator.skipStep(title, faults.unavailableReason());
        }
        try {
            return Part.ran(body.run());
        } catch (Replicas.QuorumAtRisk e) {
            return narrator.skipStep(title, e.getMessage());
        }
    }

    /** One step's work. */
    @FunctionalInterface
    private interface StepBody<T> {
        T run() throws Exception;
    }

    private Properties adminProperties() {
        Properties props = Clients.admin(bootstrapServers);
        // Calls routed to a frozen broker must give up in a second and try another, or a step outlasts the fencing.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return props;
    }
}
