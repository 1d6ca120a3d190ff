package io.kafkalessons.lesson09;

import io.kafkalessons.lesson09.RebalanceRecorder.Timeline;
import io.kafkalessons.lesson09.RebalancingResult.JoinRun;
import io.kafkalessons.lesson09.RebalancingResult.RestartRun;
import io.kafkalessons.lesson09.RebalancingResult.SlowRun;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Lesson 9: what happens to a group's partitions when members join, restart and stall, under
 * the classic protocol with an eager and a cooperative assignor, and under the new consumer
 * protocol (KIP-848).
 */
public final class RebalancingLesson {

    public static final String EAGER = "classic/eager";
    public static final String COOPERATIVE = "classic/cooperative";
    public static final String CONSUMER = "consumer";
    public static final List<String> PROTOCOLS = List.of(EAGER, COOPERATIVE, CONSUMER);
    public static final int PARTITIONS = 6;
    static final String PREFIX = "lesson09-";
    static final String FIRST = "consumer-a";
    static final String SECOND = "consumer-b";
    /** The slow member is dropped when it has not polled for this long. */
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(3);
    private static final Duration OBSERVE = Duration.ofSeconds(1);

    private final String bootstrapServers;
    private final Narrator narrator;
    private final Class<? extends ConsumerPartitionAssignor> eagerAssignor;

    public RebalancingLesson(String bootstrapServers, Narrator narrator) {
        this(bootstrapServers, narrator, RangeAssignor.class);
    }

    /** @param eagerAssignor the eager scenario's assignor ({@link RangeAssignor}; "Try this" 1 uses {@code RoundRobinAssignor}) */
    public RebalancingLesson(String bootstrapServers, Narrator narrator, Class<? extends ConsumerPartitionAssignor> eagerAssignor) {
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.eagerAssignor = eagerAssignor;
    }

    public RebalancingResult run() throws Exception {
        narrator.intro(
                "When a group's membership changes, its partitions are dealt out again: a rebalance. How much stops",
                "while that happens depends on the protocol. Watch for: the eager protocol taking every partition",
                "away from everyone, the cooperative and new protocols moving only what must move, a static member",
                "restarting without any rebalance, and a consumer that stops polling being thrown out.");
        KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers));
        try (Admin admin = Admin.create(Clients.admin(bootstrapServers))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            List<JoinRun> joins = new ArrayList<>();
            for (String protocol : PROTOCOLS) {
                joins.add(join(admin, producer, replicas, protocol));
            }
            Map<String, String> refused = classicSettingsRefused();
            summarizeJoins(joins, refused);
            List<RestartRun> restarts = restarts(admin, producer, replicas);

            narrator.step("%s stops polling for longer than max.poll.interval.ms (%d s)", SECOND,
                    MAX_POLL_INTERVAL.toSeconds());
            String slowTopic = PREFIX + "slow";
            Topics.recreate(admin, new NewTopic(slowTopic, PARTITIONS, replicas));
            SlowRun slow;
            try (Traffic ignored = new Traffic(producer, slowTopic, PARTITIONS)) {
                slow = slowConsumer(slowTopic);
            }
            narrator.notice("a consumer that spends too long between polls is presumed stuck and loses its partitions;");
            narrator.notice("process less per poll (max.poll.records) or allow more time (max.poll.interval.ms).");
            return new RebalancingResult(joins, refused, restarts.get(0), restarts.get(1), slow);
        } finally {
            // Bounded: the background records are disposable, and close() alone would wait for them
            // for up to delivery.timeout.ms.
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void summarizeJoins(List<JoinRun> joins, Map<String, String> refused) {
        narrator.notice("with group.protocol=consumer the broker owns assignment and liveness: the client refuses");
        narrator.notice("the classic settings outright rather than ignore them: %s", refused);
        narrator.line("");
        narrator.line("Summary of the joins (the first member had all %d partitions):", PARTITIONS);
        narrator.line("  %-22s %-20s %-14s %-14s %14s", "protocol", "taken from first", "first keeps", "second gets",
                "no records for");
        for (JoinRun j : joins) {
            narrator.line("  %-22s %-20s %-14s %-14s %11d ms", j.protocol(), j.revokedFromFirst(), j.firstKeeps(),
                    j.secondGets(), j.nothingConsumedMillis());
        }
        narrator.notice("eager: everyone stops, everything is dealt again. Cooperative and consumer: only the");
        narrator.notice("partitions that change hands stop; the rest never pause.");
    }

    /** A static member restarts, then a dynamic one does the same: in that order. */
    private List<RestartRun> restarts(Admin admin, KafkaProducer<String, String> producer, short replicas) throws Exception {
        narrator.step("a static member (group.instance.id) restarts");
        String staticTopic = PREFIX + "static";
        Topics.recreate(admin, new NewTopic(staticTopic, PARTITIONS, replicas));
        RestartRun staticRun;
        RestartRun dynamicRun;
        try (Traffic ignored = new Traffic(producer, staticTopic, PARTITIONS)) {
            staticRun = restart(staticTopic, PREFIX + "static", true);
            narrator.step("the same restart without group.instance.id");
            dynamicRun = restart(staticTopic, PREFIX + "dynamic", false);
        }
        narrator.notice("a static member's partitions wait for it (up to session.timeout.ms) instead of moving.");
        return List.of(staticRun, dynamicRun);
    }

    /** One protocol's scenario on a topic of its own, with records flowing: the first member alone, then a second joins. */
    JoinRun join(Admin admin, KafkaProducer<String, String> producer, short replicas, String protocol) throws Exception {
        narrator.step("%s: %s owns all %d partitions, then %s joins", protocol, FIRST, PARTITIONS, SECOND);
        String name = PREFIX + protocol.replace('/', '-');
        Topics.recreate(admin, new NewTopic(name, PARTITIONS, replicas));
        try (Traffic ignored = new Traffic(producer, name, PARTITIONS)) {
            return join(protocol, name);
        }
    }

    private JoinRun join(String protocol, String topic) {
        Scenario scenario = new Scenario(narrator);
        Timeline timeline = scenario.timeline;
        Properties props = consumerProperties(protocol, topic);
        try (GroupMember first = new GroupMember(FIRST, props, topic, timeline)) {
            List<GroupMember> members = new ArrayList<>(List.of(first));
            scenario.pollUntil(members, () -> first.partitions().size() == PARTITIONS && first.recordsReceived() > 0,
                    FIRST + " did not get all partitions");
            long joinedAt = timeline.now();
            narrator.say("t=0 ms", "%s starts and joins the group", SECOND);
            try (GroupMember second = new GroupMember(SECOND, props, topic, timeline)) {
                members.add(second);
                scenario.pollUntil(members, () -> balanced(first, second) && second.recordsReceived() > 0,
                        "the group did not settle after " + SECOND + " joined");
                long settled = timeline.now() - joinedAt;
                scenario.pollFor(members, OBSERVE);
                scenario.narrate(joinedAt, joinedAt);
                long gap = scenario.longestGap(joinedAt, joinedAt + settled);
                narrator.say("t=" + settled + " ms", "settled: %s has %s, %s has %s; no member received a record for %d ms",
                        FIRST, first.partitions(), SECOND, second.partitions(), gap);
                return new JoinRun(protocol, timeline.takenFrom(FIRST, joinedAt), first.partitions(), second.partitions(),
                        gap, settled);
            }
        }
    }

    private RestartRun restart(String topic, String group, boolean staticMembers) {
        Scenario scenario = new Scenario(narrator);
        Timeline timeline = scenario.timeline;
        Properties props = consumerProperties(EAGER, group);
        try (GroupMember first = new GroupMember(FIRST, withInstanceId(props, staticMembers, FIRST), topic, timeline)) {
            GroupMember second = new GroupMember(SECOND, withInstanceId(props, staticMembers, SECOND), topic, timeline);
            List<GroupMember> members = new ArrayList<>(List.of(first, second));
            scenario.pollUntil(members, () -> balanced(first, second) && second.recordsReceived() > 0,
                    "the group did not settle");
            Set<Integer> before = second.partitions();
            int generation = first.generation();
            long restartedAt = timeline.now();
            second.close();
            members.remove(second);
            narrator.say(SECOND, "owned %s, closes%s", before, staticMembers ? " (as static member " + SECOND + ")" : "");
            scenario.pollFor(members, OBSERVE);
            try (GroupMember again = new GroupMember(SECOND, withInstanceId(props, staticMembers, SECOND), topic, timeline)) {
                members.add(again);
                scenario.pollUntil(members, () -> balanced(first, again) && again.recordsReceived() > 0,
                        "the group did not settle after the restart");
                scenario.pollFor(members, OBSERVE);
                scenario.narrate(restartedAt, restartedAt);
                Set<Integer> taken = timeline.takenFrom(FIRST, restartedAt);
                narrator.say(SECOND, "back with %s; %s lost %s meanwhile; generation %d -> %d",
                        again.partitions(), FIRST, taken, generation, first.generation());
                return new RestartRun(before, again.partitions(), taken, generation, first.generation());
            }
        }
    }

    private SlowRun slowConsumer(String topic) {
        Scenario scenario = new Scenario(narrator);
        Timeline timeline = scenario.timeline;
        Properties props = consumerProperties(COOPERATIVE, topic);
        Properties slowProps = consumerProperties(COOPERATIVE, topic);
        // tag::max-poll-interval[]
        slowProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis());
        // end::max-poll-interval[]
        try (GroupMember first = new GroupMember(FIRST, props, topic, timeline);
             GroupMember slow = new GroupMember(SECOND, slowProps, topic, timeline)) {
            List<GroupMember> both = List.of(first, slow);
            scenario.pollUntil(both, () -> balanced(first, slow) && slow.recordsReceived() > 0,
                    "the group did not settle");
            long stalledAt = timeline.now();
            narrator.say(SECOND, "owns %s and now spends a long time on one record (no poll)", slow.partitions());
            OptionalLong movedAfter;
            try {
                scenario.pollUntil(List.of(first), () -> first.partitions().size() == PARTITIONS,
                        FIRST + " never got the slow member's partitions");
                movedAfter = OptionalLong.of(timeline.now() - stalledAt);
            } catch (RuntimeException e) {
                movedAfter = OptionalLong.empty();
            }
            scenario.narrate(stalledAt, stalledAt);
            narrator.say(movedAfter.isPresent() ? "t=" + movedAfter.getAsLong() + " ms" : "t=never", "%s owns %s; %s polls again",
                    FIRST, first.partitions(), SECOND);
            long resumedAt = timeline.now();
            scenario.pollUntil(both, () -> balanced(first, slow), SECOND + " did not rejoin");
            scenario.narrate(resumedAt, stalledAt);
            Set<Integer> taken = timeline.takenFrom(SECOND, stalledAt);
            narrator.say(SECOND, "was told it lost %s, rejoined, and now owns %s", taken, slow.partitions());
            return new SlowRun(taken, movedAfter);
        }
    }

    private static boolean balanced(GroupMember a, GroupMember b) {
        return Scenario.balanced(a, b, PARTITIONS);
    }

    private Properties consumerProperties(String protocol, String groupId) {
        Properties props = Clients.consumer(bootstrapServers, groupId);
        // Offsets do not matter here; no commits means no commit errors when a member is thrown out.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (!protocol.equals(CONSUMER)) {
            // Classic members learn of a rebalance from their heartbeat: every 0.5 s instead of 3 s.
            // (With the consumer protocol the broker sets the heartbeat interval.)
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        }
        // tag::protocols[]
        switch (protocol) {
            case EAGER -> props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            case COOPERATIVE -> props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    CooperativeStickyAssignor.class.getName());
            case CONSUMER -> props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
            default -> throw new IllegalArgumentException(protocol);
        }
        // end::protocols[]
        if (protocol.equals(EAGER) && eagerAssignor != RangeAssignor.class) {
            // "Try this" 1: another eager assignor.
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, eagerAssignor.getName());
        }
        return props;
    }

    /**
     * Tries each classic-only client setting with {@code group.protocol=consumer}; returns, per
     * setting, "accepted" or the exception the consumer's constructor threw.
     */
    private Map<String, String> classicSettingsRefused() {
        Map<String, Object> classicOnly = Map.of(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        Map<String, String> outcomes = new TreeMap<>();
        classicOnly.forEach((setting, value) -> {
            Properties props = consumerProperties(CONSUMER, PREFIX + "refused");
            props.put(setting, value);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                outcomes.put(setting, "accepted");
            } catch (ConfigException e) {
                outcomes.put(setting, e.getClass().getSimpleName());
            }
        });
        return outcomes;
    }

    private static Properties withInstanceId(Properties base, boolean staticMember, String instanceId) {
        Properties props = new Properties();
        props.putAll(base);
        if (staticMember) {
            // tag::static[]
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
            // end::static[]
        }
        return props;
    }

    static String describe(Set<Integer> partitions) {
        return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
