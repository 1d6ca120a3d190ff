package io.kafkalessons.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Kafka broker defaults the sandbox changes, in one place. */
final class ChangedDefaults {

    private ChangedDefaults() {
    }

    /**
     * Every Kafka default the sandbox changes for a cluster of {@code brokers}, and why; the root
     * README's table "What the sandbox changes" lists them with Kafka's own defaults (a test checks both).
     */
    static Map<String, String> forBrokers(int brokers) {
        Map<String, String> c = new LinkedHashMap<>();
        int rf = Math.min(3, brokers);
        // Internal topics: replicated as far as the cluster allows, and few partitions so they are created fast.
        c.put("offsets.topic.replication.factor", Integer.toString(rf));
        c.put("offsets.topic.num.partitions", "10");
        c.put("transaction.state.log.replication.factor", Integer.toString(rf));
        c.put("transaction.state.log.min.isr", Integer.toString(Math.min(2, rf)));
        c.put("transaction.state.log.num.partitions", "10");
        c.put("share.coordinator.state.topic.replication.factor", Integer.toString(rf));
        c.put("share.coordinator.state.topic.min.isr", Integer.toString(Math.min(2, rf)));
        c.put("default.replication.factor", Integer.toString(rf));
        // A new consumer group starts at once instead of waiting 3 s for more members.
        c.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates its dedupe buffer up front: 128 MiB by default, which does not fit
        // reliably into a 256 MiB heap next to everything else (seen as OutOfMemoryError at start).
        c.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // A crashed broker is fenced after 4 s instead of 9 s, so failover lessons stay short.
        c.put("broker.session.timeout.ms", "4000");
        c.put("broker.heartbeat.interval.ms", "500");
        return c;
    }
}
