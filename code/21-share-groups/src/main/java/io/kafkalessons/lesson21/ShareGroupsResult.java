package io.kafkalessons.lesson21;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;

/**
 * What lesson 21 showed.
 *
 * @param sharing four consumers on two partitions, as a share group and as a consumer group
 * @param acks    ACCEPT, RELEASE and REJECT on five jobs
 * @param lock    jobs taken by a consumer that stopped, redelivered when their lock ran out
 * @param poison  a job released on every delivery, until the delivery limit
 */
public record ShareGroupsResult(Sharing sharing, Acks acks, Lock lock, Poison poison) implements LessonResult {

    /** Jobs received per consumer, in the share group and in the consumer group. */
    public record Sharing(List<Integer> shareGroup, List<Integer> consumerGroup) {
        static long busy(List<Integer> received) {
            return received.stream().filter(n -> n > 0).count();
        }
    }

    /**
     * @param deliveries each delivery as {@code job#deliveryCount:acknowledgement}, in order
     * @param afterwards records that still arrived in the following second
     */
    public record Acks(List<String> deliveries, int afterwards) {
    }

    /**
     * @param lockMillis  share.record.lock.duration.ms of the group
     * @param afterMillis from sending the jobs (the earliest their lock can start) to the second consumer receiving them
     * @param redelivered what the second consumer received, as {@code job#deliveryCount}
     */
    public record Lock(long lockMillis, long afterMillis, List<String> redelivered) {
    }

    /** @param deliveryCounts of each delivery; @param afterwards deliveries in the second after the last */
    public record Poison(List<Integer> deliveryCounts, int afterwards) {
    }

    @Override
    public String summary() {
        return "share_busy=" + Sharing.busy(sharing.shareGroup()) + "/4 group_busy=" + Sharing.busy(sharing.consumerGroup())
                + "/4 deliveries=" + acks.deliveries().size() + " redelivered_after_lock=" + lock.redelivered().size()
                + " poison_deliveries=" + poison.deliveryCounts().size() + " after_limit=" + poison.afterwards();
    }

    @Override
    public boolean asExpected() {
        return Sharing.busy(sharing.shareGroup()) == 4 && Sharing.busy(sharing.consumerGroup()) == 2
                && acks.deliveries().size() == 6 && acks.afterwards() == 0
                && lock.redelivered().size() == 3 && lock.afterMillis() >= lock.lockMillis()
                && poison.deliveryCounts().equals(List.of(1, 2, 3)) && poison.afterwards() == 0;
    }
}
