package io.kafkalessons.sandbox.lesson;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Fresh random passwords for what a lesson creates (a user, a znode's owner): nothing fixed, nothing committed. */
public final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** {@code bytes} random bytes as hexadecimal text (twice as many characters). */
    public static String fresh(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
