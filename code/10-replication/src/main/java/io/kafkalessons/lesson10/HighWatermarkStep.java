package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.HighWatermark;
import io.kafkalessons.lesson10.ReplicationResult.Layout;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kafkalessons.lesson10.ReplicationLesson.LAGGING_RECORDS;
import static io.kafkalessons.lesson10.ReplicationLesson.TOPIC;

/**
 * A follower freezes: acks=1 records the leader acknowledged stay invisible to consumers until the
 * frozen follower leaves the ISR, because the high watermark is what every ISR member has.
 */
final class HighWatermarkStep {

    /** A follower's fetch can be parked at the leader for up to 500 ms; wait longer so none is in flight. */
    static final Duration SETTLE = Duration.ofMillis(1000);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Lab lab;
    private final TopicPartition tp = new TopicPartition(TOPIC, 0);

    HighWatermarkStep(Lab lab) {
        this.lab = lab;
    }

    HighWatermark run(Layout layout) throws Exception {
        int lagging = layout.replicas().get(2);
        Narrator narrator = lab.narrator();
        narrator.step("freeze follower %d (SIGSTOP, like a long GC pause) and write %d records with acks=1",
                lagging, LAGGING_RECORDS);
        // Both clients connect before the freeze: a new client could pick the frozen broker to ask for
        // metadata and wait seconds for an answer, and this step has to finish before the broker is fenced.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(lab.producer("1"));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(lab.consumer())) {
            producer.partitionsFor(TOPIC);
            consumer.assign(List.of(tp));
            consumer.position(tp);

            lab.faults().pause(lagging);
            long frozenAt = System.nanoTime();
            Thread.sleep(SETTLE.toMillis());
            long acknowledgedEnd = 0;
            for (int i = 0; i < LAGGING_RECORDS; i++) {
                acknowledgedEnd = producer.send(new ProducerRecord<>(TOPIC, "lagging-" + i)).get(10, TimeUnit.SECONDS).offset() + 1;
            }
            long endWhileLagging = consumer.endOffsets(List.of(tp)).get(tp);
            int readWhileLagging = readFor(consumer, Duration.ofMillis(500));
            narrator.say("producer", "the leader acknowledged offsets up to %d (acks=1 waits for the leader only)",
                    acknowledgedEnd - 1);
            narrator.say("consumer", "end offset (the high watermark) is %d; reading from 0 for 0.5 s gave %d records",
                    endWhileLagging, readWhileLagging);
            narrator.notice("the records exist on the leader, but consumers cannot see them: broker %d, still in the", lagging);
            narrator.notice("ISR, does not have them yet, and a record becomes visible only once every ISR member has it.");
            return afterFencing(consumer, lagging, frozenAt, acknowledgedEnd, endWhileLagging, readWhileLagging);
        }
    }

    /** Waits until the controller drops the frozen follower from the ISR, and reads again. */
    private HighWatermark afterFencing(KafkaConsumer<String, String> consumer, int lagging, long frozenAt,
                                       long acknowledgedEnd, long endWhileLagging, int readWhileLagging) throws Exception {
        // The leader answers this consumer directly, so it sees the high watermark move the moment the
        // controller drops the frozen follower from the ISR (an admin call might wait on the frozen broker).
        Poll.until(TIMEOUT, Duration.ofMillis(50), () -> consumer.endOffsets(List.of(tp)).get(tp) == acknowledgedEnd,
                () -> "the high watermark did not move: broker " + lagging + " stayed in the ISR");
        long leftAfter = Replicas.elapsedMillis(frozenAt);
        List<Integer> isrAfter = Replicas.ids(Topics.awaitPartition(lab.admin(), TOPIC, 0, TIMEOUT,
                d -> Replicas.ids(d.isr()).stream().noneMatch(id -> id == lagging), "broker " + lagging + " stayed in the ISR").isr());
        long endAfter = consumer.endOffsets(List.of(tp)).get(tp);
        int readAfter = readFor(consumer, Duration.ofMillis(500));
        lab.narrator().say("controller", "broker %d missed its heartbeats and was fenced %.1f s after it froze; ISR now %s",
                lagging, leftAfter / 1000.0, isrAfter);
        lab.narrator().say("consumer", "end offset is %d now, and the same read gives %d records", endAfter, readAfter);
        lab.narrator().notice("the ISR shrank, so the high watermark no longer waits for broker %d.", lagging);
        return new HighWatermark(lagging, acknowledgedEnd, endWhileLagging, readWhileLagging, leftAfter, isrAfter,
                endAfter, readAfter);
    }

    /** Reads from offset 0 for a fixed time and counts the records: a consumer gets nothing past the high watermark. */
    private int readFor(KafkaConsumer<String, String> consumer, Duration duration) {
        consumer.seekToBeginning(List.of(tp));
        int count = 0;
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            count += consumer.poll(Duration.ofMillis(100)).count();
        }
        return count;
    }
}
