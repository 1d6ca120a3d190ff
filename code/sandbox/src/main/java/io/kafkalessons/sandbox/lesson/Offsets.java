package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Offsets as the admin client reports them, for the lessons that count records or lag: where
 * partitions start and end, and what a consumer group has committed.
 */
public final class Offsets {

    private static final long TIMEOUT_SECONDS = 30;

    private Offsets() {
    }

    /**
     * The offset {@code spec} names for each partition: {@link OffsetSpec#latest()} is the log end as
     * consumers may read it (the high watermark), {@link OffsetSpec#earliest()} the log start.
     */
    public static Map<TopicPartition, Long> of(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** {@link #of(Admin, Collection, OffsetSpec)} for one partition. */
    public static long of(Admin admin, TopicPartition partition, OffsetSpec spec) throws Exception {
        return of(admin, List.of(partition), spec).get(partition);
    }

    /** Each partition's end offset (the high watermark). */
    public static Map<TopicPartition, Long> ends(Admin admin, Collection<TopicPartition> partitions) throws Exception {
        return of(admin, partitions, OffsetSpec.latest());
    }

    /** One partition's end offset (the high watermark). */
    public static long end(Admin admin, TopicPartition partition) throws Exception {
        return of(admin, partition, OffsetSpec.latest());
    }

    /** The offsets the group has committed, by partition; a partition it never committed is absent. */
    public static Map<TopicPartition, Long> committed(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, om) -> {
                    if (om != null) {
                        offsets.put(tp, om.offset());
                    }
                });
        return offsets;
    }
}
