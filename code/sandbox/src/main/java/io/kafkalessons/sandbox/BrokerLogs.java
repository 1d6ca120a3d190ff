package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The log files of the brokers the sandbox started: a lesson reads what a broker wrote about a
 * request (lesson 14: the authorizer's line naming the principal it denied). Only known for a sandbox.
 */
@FunctionalInterface
public interface BrokerLogs {

    /** The broker's log file (appended to; kept after the sandbox closes). */
    Path logFile(int brokerId);

    /** How long the broker's log is now, to read only what comes after with {@link #linesAfter}. */
    default long mark(int brokerId) {
        try {
            Path file = logFile(brokerId);
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines the broker wrote after {@code mark}. */
    default List<String> linesAfter(int brokerId, long mark) {
        try {
            byte[] all = Files.readAllBytes(logFile(brokerId));
            int from = (int) Math.min(mark, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
