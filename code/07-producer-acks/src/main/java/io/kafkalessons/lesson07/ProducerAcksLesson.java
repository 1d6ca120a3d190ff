package io.kafkalessons.lesson07;

import io.kafkalessons.lesson07.ProducerAcksResult.CallbackRow;
import io.kafkalessons.lesson07.ProducerAcksResult.Idempotence;
import io.kafkalessons.lesson07.ProducerAcksResult.LossRow;
import io.kafkalessons.lesson07.ProducerAcksResult.SpeedRow;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 7: what the producer's {@code acks} setting buys. Part 1 measures the cost of each
 * setting; part 2 crashes a partition leader whose followers lag and counts acknowledged records
 * that vanish; part 3 shows what the producer is told when a write cannot be made safe. Each long
 * step is a class of its own: {@link SpeedStep}, {@link CrashStep}, {@link CallbackStep}.
 */
public final class ProducerAcksLesson {

    public static final List<String> MODES = List.of("0", "1", "all");
    public static final String SPEED_TOPIC = "lesson07-speed";
    public static final String LOSS_TOPIC_PREFIX = "lesson07-crash-acks-";
    public static final String UNSAFE_TOPIC = "lesson07-too-few-replicas";
    public static final String SMALL_TOPIC = "lesson07-small-records";
    static final int SMALL_LIMIT_BYTES = 1024;
    public static final int WARM_UP_RECORDS = 500;
    public static final int LATENCY_RECORDS = 200;
    public static final int THROUGHPUT_RECORDS = 3000;
    public static final int PRE_RECORDS = 100;
    public static final int CRASH_RECORDS = 1000;
    public static final int CALLBACK_RECORDS = 10;
    /** The broker the crash topics are pinned to as leader (the first replica), and its followers. */
    static final int LEADER = 1;
    static final List<Integer> FOLLOWERS = List.of(2, 3);

    private final String bootstrapServers;
    private final Faults faults;
    private final Narrator narrator;
    private final boolean impatientAcksAll;

    public ProducerAcksLesson(String bootstrapServers, Faults faults, Narrator narrator) {
        this(bootstrapServers, faults, narrator, false);
    }

    /** @param impatientAcksAll the crash step's acks=all producer gives up after 3 s ("Try this" 2) */
    public ProducerAcksLesson(String bootstrapServers, Faults faults, Narrator narrator, boolean impatientAcksAll) {
        this.bootstrapServers = bootstrapServers;
        this.faults = faults;
        this.narrator = narrator;
        this.impatientAcksAll = impatientAcksAll;
    }

    public ProducerAcksResult run() throws Exception {
        narrator.intro(
                "acks says when the leader may answer a write: at once (0, no answer at all), after its own",
                "write (1), or after every in-sync replica has it (all). Part 1 shows what each costs, part 2",
                "crashes a leader whose followers lag and counts acknowledged records that vanish.");
        try (Admin admin = Admin.create(adminProperties())) {
            AcksLab lab = new AcksLab(admin, faults, narrator, bootstrapServers);
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            List<SpeedRow> speed = speed(lab, replicas);
            Part<List<LossRow>> loss = faults.available() ? Part.ran(new CrashStep(lab, impatientAcksAll).run())
                    : narrator.skipStep("crash a leader whose followers lag", faults.unavailableReason());
            List<CallbackRow> callbacks = new CallbackStep(lab).run(replicas);
            Idempotence idempotence = idempotenceWithWeakAcks(lab);
            return new ProducerAcksResult(speed, loss, callbacks, idempotence);
        }
    }

    private List<SpeedRow> speed(AcksLab lab, short replicas) throws Exception {
        narrator.step("latency (%d records, one at a time) and throughput (%d at once) of acks=0, 1 and all",
                LATENCY_RECORDS, THROUGHPUT_RECORDS);
        Topics.recreate(lab.admin(), new NewTopic(SPEED_TOPIC, 1, replicas)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replicas)))));
        List<SpeedRow> speed = new SpeedStep(lab).measure();
        narrator.say("producer", "%-8s %8s %8s %10s %10s %12s", "acks", "sent", "acked", "p50 (us)", "p99 (us)", "records/s");
        for (SpeedRow r : speed) {
            narrator.say("producer", "%-8s %8d %8d %10d %10d %12d", r.acks(), r.sent(), r.acknowledged(),
                    r.p50Micros(), r.p99Micros(), r.recordsPerSecond());
        }
        narrator.notice("acks=0 waits for no answer, acks=1 for the leader's, acks=all for the followers' too. Here all");
        narrator.notice("nodes share one small machine, so the gaps are small and their order can change between runs:");
        narrator.notice("the lesson asserts no order (lesson 19 measures these costs with repetitions and percentiles).");
        narrator.notice("What acks changes for sure is what survives a crash (next step).");
        return speed;
    }

    /** acks=1 without enable.idempotence: accepted, idempotence quietly off; with enable.idempotence=true: refused. */
    private Idempotence idempotenceWithWeakAcks(AcksLab lab) {
        Properties alone = lab.producer("1");
        alone.remove(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        Map<String, Object> asMap = new HashMap<>();
        alone.forEach((k, v) -> asMap.put((String) k, v));
        boolean onWithAcksOneAlone = new ProducerConfig(asMap).getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        narrator.say("producer", "acks=1 alone is accepted, and enable.idempotence quietly becomes %s", onWithAcksOneAlone);
        Properties explicit = lab.producer("1");
        explicit.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> ignored = new KafkaProducer<>(explicit)) {
            narrator.say("producer", "acks=1 with enable.idempotence=true was accepted (it should not be)");
            return new Idempotence(onWithAcksOneAlone, false);
        } catch (KafkaException e) {
            narrator.say("producer", "acks=1 with enable.idempotence=true is refused: %s",
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return new Idempotence(onWithAcksOneAlone, true);
        }
    }

    private Properties adminProperties() {
        Properties props = Clients.admin(bootstrapServers);
        // Calls routed to a frozen broker must give up in seconds, not after a minute.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return props;
    }
}
