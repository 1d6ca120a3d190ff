package io.kafkalessons.lesson06;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.Map;
import java.util.Set;

/**
 * What lesson 6 observed.
 *
 * @param keyedRecords            records sent with a key
 * @param keys                    distinct keys among them
 * @param recordsPerPartition     how many keyed records each partition received
 * @param notWhereFormulaSays     keyed records whose partition differs from murmur2(key) mod partitions
 * @param keysInSeveralPartitions keys whose records landed in more than one partition
 * @param keysOutOfOrder          keys whose records a consumer read out of the order they were sent
 * @param nullKeyRecords          records sent without a key
 * @param nullKeyRuns             runs of consecutive null-key records that went to the same partition
 * @param nullKeyPartitionsUsed   partitions that received null-key records
 * @param keysMovedByGrowth       keys that land in a different partition after the topic grew
 * @param keysExpectedToMove      keys for which murmur2(key) mod the old and new count differ
 * @param vipRecordsElsewhere     vip- records the custom partitioner did not put in partition 0
 * @param otherRecordsInVipPartition other records that landed in partition 0 anyway
 */
public record KeysAndPartitionsResult(int keyedRecords, int keys, Map<Integer, Integer> recordsPerPartition,
                                      int notWhereFormulaSays, int keysInSeveralPartitions, int keysOutOfOrder,
                                      int nullKeyRecords, int nullKeyRuns, int nullKeyPartitionsUsed,
                                      Set<String> keysMovedByGrowth, Set<String> keysExpectedToMove,
                                      int vipRecordsElsewhere, int otherRecordsInVipPartition) implements LessonResult {

    /** Average number of null-key records sent in a row to the same partition. */
    public double averageNullKeyRun() {
        return nullKeyRuns == 0 ? 0 : (double) nullKeyRecords / nullKeyRuns;
    }

    @Override
    public String summary() {
        return "keyed=" + keyedRecords + " keys=" + keys
                + " misplaced=" + notWhereFormulaSays + " splitKeys=" + keysInSeveralPartitions
                + " outOfOrder=" + keysOutOfOrder
                + " nullKeyRuns=" + nullKeyRuns + "/" + nullKeyRecords
                + " movedByGrowth=" + keysMovedByGrowth.size() + "/" + keys
                + " vipElsewhere=" + vipRecordsElsewhere + " othersInVip=" + otherRecordsInVipPartition;
    }

    @Override
    public boolean asExpected() {
        return notWhereFormulaSays == 0 && keysInSeveralPartitions == 0 && keysOutOfOrder == 0
                && nullKeyPartitionsUsed >= 2 && averageNullKeyRun() >= 20
                && keysMovedByGrowth.equals(keysExpectedToMove) && !keysMovedByGrowth.isEmpty()
                && vipRecordsElsewhere == 0 && otherRecordsInVipPartition == 0;
    }
}
