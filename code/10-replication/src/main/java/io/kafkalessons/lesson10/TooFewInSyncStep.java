package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.Layout;
import io.kafkalessons.lesson10.ReplicationResult.TooFewReplicas;
import io.kafkalessons.lesson10.ReplicationResult.Visibility;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.kafkalessons.lesson10.ReplicationLesson.PROBE_RECORDS;
import static io.kafkalessons.lesson10.ReplicationLesson.TOPIC;

/**
 * The leader alone in the ISR, below min.insync.replicas=2: acks=all writes are refused, acks=1
 * writes are accepted but stay invisible (the strict min-ISR high watermark) until the followers
 * are back.
 */
final class TooFewInSyncStep {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Lab lab;

    TooFewInSyncStep(Lab lab) {
        this.lab = lab;
    }

    TooFewReplicas run(Layout layout, int frozen) throws Exception {
        int stopped = layout.replicas().get(1);
        Replicas.requireQuorumSurvives(lab.admin(), List.of(stopped, frozen));
        Narrator narrator = lab.narrator();
        narrator.step("fewer in-sync replicas than min.insync.replicas=2");
        narrator.subStep("also kill follower %d: the leader alone is in sync", stopped);
        lab.faults().kill(stopped);
        TopicPartitionInfo p = Topics.awaitPartition(lab.admin(), TOPIC, 0, TIMEOUT, d -> d.isr().size() == 1,
                "the ISR did not shrink to the leader");
        List<Integer> isr = Replicas.ids(p.isr());
        List<Integer> elr = Replicas.ids(p.elr());
        narrator.say("admin", "ISR %s, eligible leader replicas (ELR) %s", isr, elr);

        Refusals refusals = tryAcksAll();
        long endBefore = Replicas.endOffset(lab.admin(), TOPIC, 0);
        int acceptedAcksOne = lab.produceCounting(TOPIC, "acks1-", PROBE_RECORDS, "1");
        Thread.sleep(HighWatermarkStep.SETTLE.toMillis());
        long endWhileBelowMinIsr = Replicas.endOffset(lab.admin(), TOPIC, 0);
        narrator.say("producer acks=all", "%d of %d writes refused with %s", refusals.refused(), PROBE_RECORDS, refusals.error());
        narrator.say("producer acks=1", "%d of %d writes accepted at the same time", acceptedAcksOne, PROBE_RECORDS);
        narrator.say("consumer", "end offset (the high watermark) %d before those writes, %d a second after them",
                endBefore, endWhileBelowMinIsr);
        narrator.notice("acks=all would rather fail than accept a record that only one broker has. acks=1 accepts it,");
        narrator.notice("but with fewer in-sync replicas than min.insync.replicas the high watermark stands still, so");
        narrator.notice("no consumer sees those records yet; they would be lost if this last broker died. A refused");
        narrator.notice("write is retriable: a normal producer keeps trying until delivery.timeout.ms (lesson 7).");
        Rejoin rejoin = bringBack(frozen, stopped, endBefore);
        return new TooFewReplicas(isr, elr, PROBE_RECORDS, refusals.refused(), refusals.error(), acceptedAcksOne,
                new Visibility(endBefore, endWhileBelowMinIsr, rejoin.end()), rejoin.millis(), rejoin.isr());
    }

    /** How many acks=all writes without retries were refused, and with what. */
    private record Refusals(int refused, String error) {
    }

    private Refusals tryAcksAll() throws Exception {
        int refused = 0;
        String error = "none";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(lab.noRetryProducer())) {
            for (int i = 0; i < PROBE_RECORDS; i++) {
                try {
                    producer.send(new ProducerRecord<>(TOPIC, "refused-" + i)).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    refused++;
                    error = e.getCause().getClass().getSimpleName();
                }
            }
        }
        return new Refusals(refused, error);
    }

    /** The followers back in the ISR: how long it took, the ISR, and the end offset then. */
    private record Rejoin(long millis, List<Integer> isr, long end) {
    }

    private Rejoin bringBack(int frozen, int stopped, long endBefore) throws Exception {
        lab.narrator().subStep("bring both followers back (resume %d, restart %d)", frozen, stopped);
        long back = System.nanoTime();
        lab.faults().resume(frozen);
        lab.faults().restart(stopped);
        TopicPartitionInfo full = Topics.awaitPartition(lab.admin(), TOPIC, 0, TIMEOUT, d -> d.isr().size() == 3,
                "the followers did not rejoin the ISR");
        long rejoined = Replicas.elapsedMillis(back);
        List<Integer> isrAfter = Replicas.ids(full.isr());
        long endAfterRejoin = Replicas.endOffset(lab.admin(), TOPIC, 0);
        lab.narrator().say("admin", "ISR %s again %.1f s later: each follower fetched what it missed, then was added back",
                isrAfter, rejoined / 1000.0);
        lab.narrator().say("consumer", "end offset %d: the %d acks=1 records are readable now", endAfterRejoin,
                endAfterRejoin - endBefore);
        return new Rejoin(rejoined, isrAfter, endAfterRejoin);
    }
}
