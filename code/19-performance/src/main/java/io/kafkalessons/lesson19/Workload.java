package io.kafkalessons.lesson19;

/**
 * One measured run: the topic's shape, the producer's settings, and how much it sends.
 *
 * @param name              short label, also the topic's suffix ({@code lesson19-<name>})
 * @param partitions        the topic's partitions
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas the topic's min.insync.replicas (what acks=all waits for at least)
 * @param acks              "0", "1" or "all"
 * @param batchSize         the producer's batch.size in bytes (per partition)
 * @param lingerMs          how long the producer waits to fill a batch
 * @param compression       "none", "lz4", "zstd", ...
 * @param recordSize        bytes of each record's value (no key)
 * @param records           how many records
 * @param recordsPerSecond  a steady rate, or 0 for as fast as possible
 */
public record Workload(String name, int partitions, int replicationFactor, int minInsyncReplicas, String acks, int batchSize,
                       int lingerMs, String compression, int recordSize, int records, int recordsPerSecond) {

    /** The reference the other runs change one setting of: the and Kafka's usual benchmark shape. */
    static Workload baseline(int records) {
        return new Workload("rf3-acks-all", 3, 3, 2, "all", 64 * 1024, 5, "none", 100, records, 0);
    }

    /** {@code lesson19-<name>}: the start of the names of this workload's topics, one per run. */
    String topic() {
        return PerformanceLesson.TOPIC_PREFIX + name;
    }

    /** A third of the records, on a topic of its own: the run that warms the JVM up. */
    Workload warmUp() {
        return new Workload("warm-up", partitions, replicationFactor, minInsyncReplicas, acks, batchSize, lingerMs, compression,
                recordSize, records / 3, recordsPerSecond);
    }

    /** The same with replication factor {@code rf} and {@code acks}; min.insync.replicas follows the replication. */
    Workload durability(int rf, String newAcks) {
        return new Workload("rf" + rf + "-acks-" + newAcks, partitions, rf, Math.min(2, rf), newAcks, batchSize, lingerMs,
                compression, recordSize, records, recordsPerSecond);
    }

    /**
     * The same with batch.size {@code bytes}. Batches below 64 KiB send fewer records (in proportion,
     * at least a twentieth): a 1 KiB batch is about 40 times slower, and the rate is what counts.
     */
    Workload batchSize(int bytes) {
        int count = (int) Math.max(records / 20, Math.min(records, (long) records * bytes / (64 * 1024)));
        return new Workload(name + "-batch-" + bytes / 1024 + "k", partitions, replicationFactor, minInsyncReplicas, acks, bytes,
                lingerMs, compression, recordSize, count, recordsPerSecond);
    }

    Workload compression(String type) {
        return new Workload("compression-" + type, partitions, replicationFactor, minInsyncReplicas, acks, batchSize, lingerMs,
                type, recordSize, records, recordsPerSecond);
    }

    /** Records of {@code bytes} each, a quarter as many (still 2.5 times the bytes, for 1,000-byte records). */
    Workload recordSize(int bytes) {
        return new Workload("record-" + bytes + "b", partitions, replicationFactor, minInsyncReplicas, acks, batchSize, lingerMs,
                compression, bytes, records / 4, recordsPerSecond);
    }

    Workload partitions(int count) {
        return new Workload("partitions-" + count, count, replicationFactor, minInsyncReplicas, acks, batchSize, lingerMs,
                compression, recordSize, records, recordsPerSecond);
    }

    /** {@code count} records at a steady {@code rate} per second, each sent at once (linger.ms=0). */
    Workload steady(int count, int rate) {
        return new Workload(name + "-steady", partitions, replicationFactor, minInsyncReplicas, acks, batchSize, 0,
                compression, recordSize, count, rate);
    }

    /** "RF 3, acks=all": how tables and charts name its durability. */
    String durabilityLabel() {
        return "RF " + replicationFactor + ", acks=" + acks;
    }
}
