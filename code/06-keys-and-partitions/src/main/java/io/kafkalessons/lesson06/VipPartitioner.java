package io.kafkalessons.lesson06;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

import java.util.Map;

/**
 * A custom partitioner: keys that start with {@code vip-} all go to partition 0, which nothing
 * else uses; every other key is hashed over the remaining partitions. Keys must not be null.
 */
public final class VipPartitioner implements Partitioner {

    public static final String VIP_PREFIX = "vip-";
    public static final int VIP_PARTITION = 0;

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        if (key == null || partitions < 2) {
            throw new IllegalArgumentException("VipPartitioner needs a key and a topic with at least 2 partitions");
        }
        // tag::vip[]
        if (key.toString().startsWith(VIP_PREFIX)) {
            return VIP_PARTITION;
        }
        return 1 + Utils.toPositive(Utils.murmur2(keyBytes)) % (partitions - 1);
        // end::vip[]
    }

    @Override
    public void close() {
        // nothing to release
    }
}
