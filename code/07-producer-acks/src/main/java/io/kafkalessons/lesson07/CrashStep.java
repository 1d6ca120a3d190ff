package io.kafkalessons.lesson07;

import io.kafkalessons.lesson07.ProducerAcksResult.LossRow;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Configs;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kafkalessons.lesson07.ProducerAcksLesson.CRASH_RECORDS;
import static io.kafkalessons.lesson07.ProducerAcksLesson.FOLLOWERS;
import static io.kafkalessons.lesson07.ProducerAcksLesson.LEADER;
import static io.kafkalessons.lesson07.ProducerAcksLesson.LOSS_TOPIC_PREFIX;
import static io.kafkalessons.lesson07.ProducerAcksLesson.MODES;
import static io.kafkalessons.lesson07.ProducerAcksLesson.PRE_RECORDS;

/**
 * A leader whose followers lag crashes: records acknowledged with acks=0 and acks=1 vanish,
 * records acknowledged with acks=all (and min.insync.replicas=2) do not.
 */
final class CrashStep {

    /** A follower's fetch can be parked at the leader for up to 500 ms; wait longer so no fetch is in flight. */
    private static final Duration SETTLE = Duration.ofMillis(1000);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AcksLab lab;
    private final Admin admin;
    private final Narrator narrator;
    private final Map<String, KafkaProducer<String, String>> producers = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> acknowledged = new LinkedHashMap<>();
    private boolean followersFrozen;
    private final boolean impatientAcksAll;

    CrashStep(AcksLab lab, boolean impatientAcksAll) {
        this.lab = lab;
        this.impatientAcksAll = impatientAcksAll;
        this.admin = lab.admin();
        this.narrator = lab.narrator();
    }

    List<LossRow> run() throws Exception {
        narrator.step("one topic per acks setting, each led by broker %d with followers %s", LEADER, FOLLOWERS);
        try {
            createTopics();
            freezeFollowers();
            sendWithEachSetting();
            crashTheLeader();
        } finally {
            for (KafkaProducer<String, String> producer : producers.values()) {
                producer.close(Duration.ofSeconds(5));
            }
            if (followersFrozen) {
                FOLLOWERS.forEach(lab.faults()::resume);
            }
        }
        List<LossRow> rows = readBack();
        lab.faults().restart(LEADER);
        KafkaMetadata.awaitBrokers(admin, 3, TIMEOUT);
        narrator.say("sandbox", "broker %d restarted (it rejoins as a follower and truncates what nobody else has)", LEADER);
        return rows;
    }

    private void createTopics() throws Exception {
        for (String acks : MODES) {
            String topic = LOSS_TOPIC_PREFIX + acks;
            // acks=all is paired with min.insync.replicas=2, the setting that gives it meaning.
            String minIsr = acks.equals("all") ? "2" : "1";
            Topics.recreate(admin, new NewTopic(topic, Map.of(0, List.of(LEADER, FOLLOWERS.get(0), FOLLOWERS.get(1))))
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
            boolean impatient = impatientAcksAll && acks.equals("all");
            KafkaProducer<String, String> producer = new KafkaProducer<>(impatient ? lab.impatientProducer() : lab.producer(acks));
            producers.put(acks, producer);
            acknowledged.put(acks, new AtomicInteger());
            for (int i = 0; i < PRE_RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, "pre-" + i));
            }
            producer.flush();
        }
        for (String acks : MODES) {
            awaitReplicated(LOSS_TOPIC_PREFIX + acks);
        }
        narrator.say("producers", "wrote %d records to each topic; every replica has them", PRE_RECORDS);
    }

    private void freezeFollowers() throws Exception {
        // Asked before the freeze: a frozen broker answers nothing. 4 s on the sandbox, 9 s by default.
        long noticeMs = Long.parseLong(Configs.broker(admin, "broker.session.timeout.ms"));
        narrator.line("");
        narrator.subStep("freeze both followers (SIGSTOP), as a long GC pause would, and wait %d ms", SETTLE.toMillis());
        FOLLOWERS.forEach(lab.faults()::pause);
        followersFrozen = true;
        Thread.sleep(SETTLE.toMillis());
        narrator.say("sandbox", "brokers %s are frozen; they are still in the ISR, because that takes %d s to notice", FOLLOWERS,
                noticeMs / 1000);
    }

    private void sendWithEachSetting() throws InterruptedException {
        narrator.subStep("send %d records with each setting", CRASH_RECORDS);
        for (String acks : MODES) {
            AtomicInteger count = acknowledged.get(acks);
            for (int i = 0; i < CRASH_RECORDS; i++) {
                producers.get(acks).send(new ProducerRecord<>(LOSS_TOPIC_PREFIX + acks, "run-" + i), (m, e) -> {
                    if (e == null) {
                        count.incrementAndGet();
                    }
                });
            }
        }
        Poll.until(Duration.ofSeconds(2), Duration.ofMillis(20),
                () -> acknowledged.get("0").get() == CRASH_RECORDS && acknowledged.get("1").get() == CRASH_RECORDS,
                () -> "acks=0 and acks=1 sends were not acknowledged");
        Thread.sleep(200);
        for (String acks : MODES) {
            narrator.say("producer acks=" + acks, "%d of %d acknowledged so far", acknowledged.get(acks).get(), CRASH_RECORDS);
        }
    }

    private void crashTheLeader() {
        narrator.subStep("crash the leader (kill -9 broker %d), then unfreeze the followers", LEADER);
        lab.faults().kill(LEADER);
        FOLLOWERS.forEach(lab.faults()::resume);
        followersFrozen = false;
        long crashed = System.nanoTime();
        for (String acks : MODES) {
            Poll.until(TIMEOUT, Duration.ofMillis(50), () -> {
                int leader = Topics.leader(admin, LOSS_TOPIC_PREFIX + acks, 0);
                return leader >= 0 && leader != LEADER;
            }, () -> LOSS_TOPIC_PREFIX + acks + " got no new leader");
        }
        narrator.say("controller", "new leaders elected %.1f s after the crash: %s", (System.nanoTime() - crashed) / 1e9,
                MODES.stream().map(a -> "acks=" + a + " -> broker " + Topics.leader(admin, LOSS_TOPIC_PREFIX + a, 0)).toList());
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> acknowledged.get("all").get() == CRASH_RECORDS,
                () -> "the acks=all records were not acknowledged after the failover");
        narrator.say("producer acks=all", "the producer retried against the new leader: %d of %d acknowledged now",
                acknowledged.get("all").get(), CRASH_RECORDS);
    }

    private List<LossRow> readBack() {
        narrator.subStep("read every topic to its end");
        List<LossRow> rows = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(lab.consumer())) {
            for (String acks : MODES) {
                int readable = (int) LogReader.readTopic(consumer, LOSS_TOPIC_PREFIX + acks).stream()
                        .filter(r -> r.value().startsWith("run-")).count();
                rows.add(new LossRow(acks, CRASH_RECORDS, acknowledged.get(acks).get(), readable));
            }
        }
        narrator.say("consumer", "%-10s %6s %13s %9s %6s", "acks", "sent", "acknowledged", "readable", "lost");
        for (LossRow r : rows) {
            narrator.say("consumer", "%-10s %6d %13d %9d %6d", r.acks(), r.sent(), r.acknowledged(), r.readable(), r.lost());
        }
        narrator.notice("with acks=0 and 1 the producer was told 'done' for records only the dead leader had.");
        narrator.notice("The new leader never saw them, and the old one drops them when it rejoins. With acks=all");
        narrator.notice("(and min.insync.replicas=2) nothing was acknowledged until a surviving replica had it.");
        return rows;
    }

    /** Waits until the high watermark equals the log end: every in-sync replica has every record. */
    private void awaitReplicated(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                .partitionResult(tp).get().offset() == PRE_RECORDS, () -> topic + " was not replicated");
    }
}
