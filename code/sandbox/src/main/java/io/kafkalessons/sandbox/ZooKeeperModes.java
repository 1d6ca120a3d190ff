package io.kafkalessons.sandbox;

import org.apache.zookeeper.client.FourLetterWordMain;

import java.util.Optional;

/** What a ZooKeeper server says it is (leader, follower, observer, standalone), asked with the {@code srvr} command. */
public final class ZooKeeperModes {

    /** A server on this machine or in the lab answers in milliseconds; a silent one is not serving. */
    private static final int TIMEOUT_MS = 500;

    private ZooKeeperModes() {
    }

    /** The mode of the server at {@code host:port}; empty if it does not answer (or {@code srvr} is not allowed). */
    public static Optional<String> of(String address) {
        int colon = address.lastIndexOf(':');
        try {
            String reply = FourLetterWordMain.send4LetterWord(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1)), "srvr", false, TIMEOUT_MS);
            return reply.lines().filter(line -> line.startsWith("Mode: "))
                    .map(line -> line.substring("Mode: ".length()).trim()).findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
