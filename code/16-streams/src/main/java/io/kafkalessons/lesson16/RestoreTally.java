package io.kafkalessons.lesson16;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Counts what an instance restored from changelog topics, and the time it spent restoring: from
 * the moment a first changelog partition starts until none is left, summed over such periods.
 * Kafka Streams calls it from its restore code.
 */
final class RestoreTally implements StateRestoreListener {

    private long records;
    private final java.util.Map<String, Long> byStore = new java.util.TreeMap<>();
    private long nanos;
    private long since;
    private int restoring;

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        if (restoring++ == 0) {
            since = System.nanoTime();
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // counted at the end of the partition
    }

    @Override
    public synchronized void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        records += totalRestored;
        byStore.merge(store, totalRestored, Long::sum);
        if (--restoring == 0) {
            nanos += System.nanoTime() - since;
        }
    }

    /** {@code records=N millis=M store=N ...}: everything restored since the process started, and per store. */
    synchronized String describe() {
        StringBuilder answer = new StringBuilder("records=" + records + " millis=" + nanos / 1_000_000);
        byStore.forEach((store, count) -> answer.append(' ').append(store).append('=').append(count));
        return answer.toString();
    }
}
