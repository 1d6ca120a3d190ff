package org.apache.kafka.common.utils;

/**
 * A bridge for Kafka's FileStream connectors, whose newest release on Maven Central (4.3.1) asks
 * for this class; Kafka 4.4 moved it to {@code org.apache.kafka.common.utils.internals}. The
 * connectors call one method of it, {@link #getVersion()}, from their {@code version()}; nothing
 * else in them differs from what the 4.4 worker provides (checked class by class). Delete this
 * file when connect-file 4.4 is published.
 */
public final class AppInfoParser {

    private AppInfoParser() {
    }

    public static String getVersion() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getVersion();
    }
}
