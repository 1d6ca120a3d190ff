package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a broker holds on its disks, as the admin client reports it (the same call as
 * {@code kafka-log-dirs --describe}): the size of a partition's copy, and which copies there are.
 */
public final class LogDirs {

    private static final long TIMEOUT_SECONDS = 30;

    private LogDirs() {
    }

    /** The bytes of broker {@code broker}'s copy of {@code partition}, over all its log directories; 0 when it has none. */
    public static long size(Admin admin, int broker, TopicPartition partition) throws Exception {
        return dirs(admin, broker).stream().map(d -> d.replicaInfos().get(partition)).filter(r -> r != null)
                .mapToLong(r -> r.size()).sum();
    }

    /** Every partition broker {@code broker} holds a copy of. */
    public static Set<TopicPartition> partitions(Admin admin, int broker) throws Exception {
        Set<TopicPartition> held = new HashSet<>();
        dirs(admin, broker).forEach(d -> held.addAll(d.replicaInfos().keySet()));
        return held;
    }

    private static Collection<LogDirDescription> dirs(Admin admin, int broker) throws Exception {
        return admin.describeLogDirs(List.of(broker)).allDescriptions().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(broker).values();
    }
}
