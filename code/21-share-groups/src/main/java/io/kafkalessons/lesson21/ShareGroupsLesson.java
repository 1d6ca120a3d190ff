package io.kafkalessons.lesson21;

import io.kafkalessons.sandbox.lesson.Narrator;

/**
 * Lesson 21: queues in Kafka. A share group (KIP-932) hands the records of a partition to many
 * consumers, one record at a time, and tracks each record's acknowledgement; a consumer group hands
 * each partition to one consumer and tracks an offset.
 */
public final class ShareGroupsLesson {

    /** Every topic and group of this lesson starts with it. */
    public static final String PREFIX = "lesson21-";
    /** The lock the lesson asks for: short, so a timed-out lock shows within seconds. */
    static final long LOCK_MILLIS = 2000;

    private final Broker broker;

    public ShareGroupsLesson(String bootstrapServers, Narrator narrator) {
        this.broker = new Broker(bootstrapServers, narrator);
    }

    public ShareGroupsResult run() throws Exception {
        Narrator narrator = broker.narrator();
        narrator.intro(
                "A consumer group gives each partition to one consumer; more consumers than partitions sit idle.",
                "A share group (Kafka's queues) gives records, not partitions: any number of consumers take jobs from",
                "the same partition, acknowledge each one, and the broker redelivers what is not done.");
        broker.removeGroups(PREFIX);
        // The broker's lower bound for a group's lock (15 s by default; the lesson's sandbox allows 1 s).
        long lock = Math.max(LOCK_MILLIS, Long.parseLong(broker.brokerSetting("group.share.min.record.lock.duration.ms")));
        narrator.step("four consumers, two partitions: a share group beside a consumer group");
        ShareGroupsResult.Sharing sharing = new SharingStep(broker).run();
        narrator.notice("the share group kept all four busy, each job once; the consumer group could use only two.");
        AcknowledgeStep acks = new AcknowledgeStep(broker, lock);
        narrator.step("acknowledging each record: ACCEPT, RELEASE, REJECT");
        ShareGroupsResult.Acks acked = acks.acknowledgements();
        narrator.step("a consumer that stops: its jobs' locks run out");
        ShareGroupsResult.Lock locked = acks.lockTimeout();
        narrator.notice("nobody told the broker consumer A was stuck; the lock ran out and the jobs went to B with their");
        narrator.notice("delivery count raised. Ordering within the partition is gone: B finished them, A never did.");
        narrator.step("a job that always fails: the delivery limit");
        ShareGroupsResult.Poison poison = acks.poison();
        narrator.notice("after %d failed deliveries the broker archives the job instead of offering it forever.",
                AcknowledgeStep.DELIVERY_LIMIT);
        return new ShareGroupsResult(sharing, acked, locked, poison);
    }
}
