package io.kafkalessons.lesson12;

import io.kafkalessons.lesson12.KafkaOnZooKeeperResult.BrokerLoss;
import io.kafkalessons.lesson12.KafkaOnZooKeeperResult.ControllerMove;
import io.kafkalessons.lesson12.KafkaOnZooKeeperResult.PartitionState;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import io.kafkalessons.sandbox.lesson.Znodes;
import org.apache.kafka.clients.admin.Admin;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lesson 12: Kafka before KRaft. Three Kafka 3.9 brokers run in ZooKeeper mode on a real
 * ensemble; the lesson reads what they keep there (broker registrations, the controller, topic
 * layouts, partition states), then kills a broker and the controller and watches the znodes change.
 */
public final class KafkaOnZooKeeperLesson {

    public static final String TOPIC = "lesson12-orders";
    public static final int BROKERS = 3;
    public static final int PARTITIONS = 3;
    /** On an ensemble the lesson did not start, Kafka keeps its znodes below this path, and nothing else is touched. */
    public static final String CHROOT = "/kafka-lesson12";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(\\w+)\":(-?\\d+)");
    private static final Pattern ISR_FIELD = Pattern.compile("\"isr\":\\[([\\d,]*)]");

    private final String zookeeperConnect;
    private final String root;
    private final Narrator narrator;

    /**
     * @param root where Kafka keeps its znodes: "" (the top) on an ensemble the lesson started, else
     *             {@link #CHROOT}, which the lesson removes again
     */
    public KafkaOnZooKeeperLesson(String zookeeperConnect, String root, Narrator narrator) {
        this.zookeeperConnect = zookeeperConnect;
        this.root = root;
        this.narrator = narrator;
    }

    public KafkaOnZooKeeperResult run() throws Exception {
        narrator.intro(
                "Until Kafka 4.0 every Kafka cluster had a ZooKeeper ensemble beside it. Brokers registered there,",
                "one broker became the controller by creating a znode first, and topic layouts and partition",
                "leaders were znodes too. This lesson runs Kafka " + LegacyKafkaCluster.VERSION
                        + " (the last line with ZooKeeper mode) and reads them.");
        try (ZooKeeper zk = ZooKeeperConnections.open(zookeeperConnect, LegacyKafkaCluster.ZOOKEEPER_SESSION_MS)) {
            String kafkaConnect = zookeeperConnect;
            if (!root.isEmpty()) {
                boolean leftOver = Znodes.recreate(zk, root);
                narrator.say("zookeeper", "this ensemble is not the lesson's own: Kafka gets the path %s%s", root,
                        leftOver ? " (an earlier run's znodes deleted)" : "");
                // A chroot follows the last address: "a:1,b:2/kafka-lesson12".
                kafkaConnect = zookeeperConnect + root;
            }
            narrator.step("start %d Kafka %s brokers in ZooKeeper mode", BROKERS, LegacyKafkaCluster.VERSION);
            long start = System.nanoTime();
            try (LegacyKafkaCluster kafka = LegacyKafkaCluster.start(kafkaConnect, BROKERS, "12-kafka-on-zookeeper-brokers")) {
                long bootMillis = (System.nanoTime() - start) / 1_000_000;
                narrator.say("sandbox", "all %d registered in ZooKeeper and one became controller %.1f s after start (logs: %s)", BROKERS,
                        bootMillis / 1000.0, kafka.logFolder());
                return inspectAndBreak(zk, kafka, bootMillis);
            } finally {
                if (!root.isEmpty()) {
                    ZKUtil.deleteRecursive(zk, root);
                }
            }
        }
    }

    private KafkaOnZooKeeperResult inspectAndBreak(ZooKeeper zk, LegacyKafkaCluster kafka, long bootMillis) throws Exception {
        narrator.step("what Kafka keeps in ZooKeeper");
        List<String> top = sorted(zk.getChildren(path("/"), false));
        narrator.say("zookeeper", "ls %s -> %s", path("/"), top);
        List<Integer> ids = brokerIds(zk);
        boolean allEphemeral = true;
        for (int id : ids) {
            Stat stat = new Stat();
            String data = read(zk, "/brokers/ids/" + id, stat);
            allEphemeral &= stat.getEphemeralOwner() != 0;
            if (id == ids.get(0)) {
                narrator.say("zookeeper", "get %s -> %s", path("/brokers/ids/" + id), shorten(data));
            }
        }
        narrator.say("zookeeper", "ls %s -> %s, each an ephemeral znode (it lives as long as its broker's session): %s",
                path("/brokers/ids"), ids, allEphemeral);
        String controllerJson = read(zk, "/controller", null);
        int controller = number(controllerJson, "brokerid");
        int epoch = Integer.parseInt(read(zk, "/controller_epoch", null));
        narrator.say("zookeeper", "get %s -> %s", path("/controller"), controllerJson);
        narrator.say("zookeeper", "get %s -> %d", path("/controller_epoch"), epoch);
        narrator.notice("broker %d is the controller because it created the ephemeral /controller znode first;", controller);
        narrator.notice("the others watch it, ready to try again when it disappears.");

        Map<Integer, PartitionState> states = createTopic(zk, kafka);

        BrokerLoss loss = killABroker(zk, kafka, controller, states);
        ControllerMove move = killTheController(zk, kafka, controller, epoch);

        narrator.step("why Kafka left ZooKeeper");
        narrator.notice("two systems to run, secure and monitor; metadata in two places (ZooKeeper, and each broker's");
        narrator.notice("copy) kept in step by the controller; and a new controller must read every topic from");
        narrator.notice("ZooKeeper before it can act, which grows with the number of partitions. KRaft (Kafka 4.x)");
        narrator.notice("keeps the metadata in a replicated log inside Kafka; clusters moved with a live migration in");
        narrator.notice("Kafka 3.x. Lesson 13 shows the KRaft controller quorum.");
        return new KafkaOnZooKeeperResult(bootMillis, top, ids, allEphemeral, controller, epoch, states, loss, move);
    }

    /** Creates the lesson's topic through Kafka and reads back what the controller wrote to ZooKeeper. */
    private Map<Integer, PartitionState> createTopic(ZooKeeper zk, LegacyKafkaCluster kafka) throws Exception {
        narrator.step("create %s (%d partitions, 3 replicas) and read its znodes", TOPIC, PARTITIONS);
        try (Admin admin = Admin.create(adminProperties(kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) BROKERS))).all().get(30, TimeUnit.SECONDS);
        }
        Poll.until(TIMEOUT, Duration.ofMillis(100), () -> partitionStates(zk).size() == PARTITIONS,
                () -> "the partitions of " + TOPIC + " got no state in ZooKeeper");
        String assignment = read(zk, "/brokers/topics/" + TOPIC, null);
        narrator.say("zookeeper", "get %s -> %s", path("/brokers/topics/" + TOPIC), shorten(assignment));
        Map<Integer, PartitionState> states = partitionStates(zk);
        narrator.say("zookeeper", "get %s -> %s", path("/brokers/topics/" + TOPIC + "/partitions/0/state"),
                read(zk, "/brokers/topics/" + TOPIC + "/partitions/0/state", null));
        narrator.notice("the controller chose the replicas and wrote each partition's leader and ISR here; brokers");
        narrator.notice("learn about them from the controller. In KRaft the same facts are records in a log (lesson 13).");
        return states;
    }


    private BrokerLoss killABroker(ZooKeeper zk, LegacyKafkaCluster kafka, int controller,
                                   Map<Integer, PartitionState> before) throws Exception {
        int victim = before.values().stream().map(PartitionState::leader).filter(id -> id != controller)
                .findFirst().orElseThrow(() -> new IllegalStateException("every partition is led by the controller"));
        List<Integer> led = before.entrySet().stream().filter(e -> e.getValue().leader() == victim)
                .map(Map.Entry::getKey).toList();
        narrator.step("kill -9 broker %d (it leads partitions %s) and watch %s", victim, led, path("/brokers/ids"));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        zk.getChildren(path("/brokers/ids"), event -> events.add(event.getType().name()));
        long killed = System.nanoTime();
        kafka.broker(victim).kill();
        Poll.until(TIMEOUT, Duration.ofMillis(20), () -> !brokerIds(zk).contains(victim),
                () -> "the znode of broker " + victim + " did not go away");
        long goneMillis = (System.nanoTime() - killed) / 1_000_000;
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> partitionStates(zk).values().stream()
                .allMatch(s -> s.leader() != victim && !s.isr().contains(victim)), () -> "partition states did not change");
        Map<Integer, PartitionState> after = partitionStates(zk);
        List<Integer> idsAfter = brokerIds(zk);
        narrator.say("zookeeper", "watch fired: %s; %s is gone %.1f s after the kill (its session expired); ids now %s",
                events, path("/brokers/ids/" + victim), goneMillis / 1000.0, idsAfter);
        for (int p : led) {
            narrator.say("zookeeper", "partition %d: leader %d isr %s -> leader %d isr %s", p, before.get(p).leader(),
                    before.get(p).isr(), after.get(p).leader(), after.get(p).isr());
        }
        narrator.notice("the controller saw the znode go, picked new leaders from the ISR and wrote them to ZooKeeper.");
        return new BrokerLoss(victim, led, List.copyOf(events), goneMillis, idsAfter, after);
    }

    private ControllerMove killTheController(ZooKeeper zk, LegacyKafkaCluster kafka, int controller, int epoch)
            throws Exception {
        narrator.step("kill -9 the controller, broker %d, and watch %s", controller, path("/controller"));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        String controllerPath = path("/controller");
        Watcher watcher = new Watcher() {
            @Override
            public void process(WatchedEvent event) {
                if (event.getType() != Event.EventType.None) {
                    events.add(event.getType().name());
                    // A watch fires once: set it again to see the next change too.
                    zk.exists(controllerPath, this, (rc, path, ctx, stat) -> { }, null);
                }
            }
        };
        zk.exists(controllerPath, watcher);
        long killed = System.nanoTime();
        kafka.broker(controller).kill();
        Poll.until(TIMEOUT, Duration.ofMillis(20), () -> {
            String now = readOrNull(zk, "/controller");
            return now != null && number(now, "brokerid") != controller;
        }, () -> "no new controller appeared");
        long moveMillis = (System.nanoTime() - killed) / 1_000_000;
        Poll.until(Duration.ofSeconds(5), Duration.ofMillis(20), () -> events.contains("NodeCreated"),
                () -> "the watch did not see the new /controller");
        int newController = number(read(zk, "/controller", null), "brokerid");
        int newEpoch = Integer.parseInt(read(zk, "/controller_epoch", null));
        List<Integer> idsAfter = brokerIds(zk);
        narrator.say("zookeeper", "watch fired: %s", events);
        narrator.say("zookeeper", "%s -> broker %d, %.1f s after the kill; controller_epoch %d -> %d; ids now %s",
                controllerPath, newController, moveMillis / 1000.0, epoch, newEpoch, idsAfter);
        narrator.notice("the dead controller's session expired, its ephemeral znode went, and the surviving broker");
        narrator.notice("won the race to create it. The epoch lets brokers ignore orders from a deposed controller.");
        return new ControllerMove(controller, newController, epoch, newEpoch, List.copyOf(events), moveMillis, idsAfter);
    }

    private Map<Integer, PartitionState> partitionStates(ZooKeeper zk) throws KeeperException, InterruptedException {
        Map<Integer, PartitionState> states = new TreeMap<>();
        String partitions = path("/brokers/topics/" + TOPIC + "/partitions");
        if (zk.exists(partitions, false) == null) {
            return states;
        }
        for (String p : zk.getChildren(partitions, false)) {
            String json = readOrNull(zk, "/brokers/topics/" + TOPIC + "/partitions/" + p + "/state");
            if (json != null) {
                Matcher isr = ISR_FIELD.matcher(json);
                List<Integer> members = isr.find() && !isr.group(1).isEmpty()
                        ? Arrays.stream(isr.group(1).split(",")).map(Integer::parseInt).toList() : List.of();
                states.put(Integer.parseInt(p), new PartitionState(number(json, "leader"), members));
            }
        }
        return states;
    }

    private List<Integer> brokerIds(ZooKeeper zk) throws KeeperException, InterruptedException {
        return zk.getChildren(path("/brokers/ids"), false).stream().map(Integer::parseInt).sorted().toList();
    }

    private String read(ZooKeeper zk, String relative, Stat stat) throws KeeperException, InterruptedException {
        return new String(zk.getData(path(relative), false, stat), StandardCharsets.UTF_8);
    }

    private String readOrNull(ZooKeeper zk, String relative) throws InterruptedException {
        try {
            return read(zk, relative, null);
        } catch (KeeperException e) {
            return null;
        }
    }

    private String path(String relative) {
        if (root.isEmpty()) {
            return relative;
        }
        return relative.equals("/") ? root : root + relative;
    }

    private static int number(String json, String field) {
        Matcher m = NUMBER_FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new IllegalStateException("no field " + field + " in " + json);
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    private static String shorten(String json) {
        return json.length() <= 150 ? json : json.substring(0, 147) + "...";
    }

    private static Properties adminProperties(String bootstrap) {
        return Clients.admin(bootstrap);
    }
}
