package io.kafkalessons.sandbox;

import java.nio.file.Path;

/** Where a broker keeps its partitions on disk; only known for brokers the sandbox started. */
@FunctionalInterface
public interface BrokerDisks {

    /** The broker's {@code log.dirs} folder; a partition lives in {@code <topic>-<partition>} below it. */
    Path logDir(int brokerId);
}
