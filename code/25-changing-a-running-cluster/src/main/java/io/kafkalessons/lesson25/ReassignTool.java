package io.kafkalessons.lesson25;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code kafka-reassign-partitions}, run on the lesson's own admin client: {@code --execute} is
 * Kafka's own code ({@link ReassignPartitionsCommand#executeAssignment}), and what it prints is
 * handed back as lines for the narrator. The cleanup that {@code --verify} does once a move is
 * complete (removing the throttle) is {@link #removeThrottles}, written here from the tool's source
 * because the tool keeps that method to itself.
 */
public final class ReassignTool {

    /** The broker settings {@code --throttle} sets, and {@code --verify} removes. */
    static final String LEADER_RATE = "leader.replication.throttled.rate";
    static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    /** The topic settings that say which replicas the broker rates apply to. */
    static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";
    /** {@code --verify} also removes the log-directory throttle, which this lesson never sets. */
    private static final String LOG_DIR_RATE = "replica.alter.log.dirs.io.max.bytes.per.second";

    private ReassignTool() {
    }

    /** The JSON a learner would put in {@code --reassignment-json-file}: each partition's new replica list. */
    static String plan(String topic, Map<Integer, List<Integer>> replicasByPartition) {
        return replicasByPartition.entrySet().stream()
                .map(e -> "{\"topic\":\"" + topic + "\",\"partition\":" + e.getKey() + ",\"replicas\":"
                        + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")) + "}")
                .collect(Collectors.joining(",", "{\"version\":1,\"partitions\":[", "]}"));
    }

    /**
     * {@code kafka-reassign-partitions --execute --reassignment-json-file PLAN [--throttle BYTES]}:
     * starts the move and returns what the tool printed. A throttle of -1 means none.
     */
    static List<String> execute(Admin admin, String plan, long throttleBytesPerSecond) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                ReassignPartitionsCommand.executeAssignment(admin, false, plan, throttleBytesPerSecond, -1L, 10_000L,
                        Time.SYSTEM, false);
            } finally {
                System.setOut(out);
            }
        }
        return printed.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    /** The throttle settings in force now: broker settings by broker id, then topic settings, leaving out unset ones. */
    static Map<String, String> throttles(Admin admin, Collection<Integer> brokers, String topic) throws Exception {
        Map<String, String> found = new HashMap<>();
        for (int broker : brokers) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
            var config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            for (String name : List.of(LEADER_RATE, FOLLOWER_RATE)) {
                ConfigEntry entry = config.get(name);
                if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG) {
                    found.put("broker " + broker + " " + name, entry.value());
                }
            }
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        for (String name : List.of(LEADER_REPLICAS, FOLLOWER_REPLICAS)) {
            ConfigEntry entry = config.get(name);
            if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                found.put(topic + " " + name, entry.value());
            }
        }
        return found;
    }

    /**
     * The throttle settings, read again until there are {@code expected} of them (a change reaches
     * each broker through the metadata log, a moment after the controller accepted it), for at most
     * 10 s; then what the last read found.
     */
    static Map<String, String> awaitThrottles(Admin admin, Collection<Integer> brokers, String topic, int expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, String> found = throttles(admin, brokers, topic);
        while (found.size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = throttles(admin, brokers, topic);
        }
        return found;
    }

    /** What {@code --verify} does once every move is done: remove the throttle from the brokers and the topic. */
    public static void removeThrottles(Admin admin, Collection<Integer> brokers, String topic) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (int broker : brokers) {
            changes.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker)),
                    deletions(LEADER_RATE, FOLLOWER_RATE, LOG_DIR_RATE));
        }
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), deletions(LEADER_REPLICAS, FOLLOWER_REPLICAS));
        admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    }

    private static List<AlterConfigOp> deletions(String... names) {
        return Arrays.stream(names)
                .map(n -> new AlterConfigOp(new ConfigEntry(n, ""), AlterConfigOp.OpType.DELETE)).toList();
    }
}
