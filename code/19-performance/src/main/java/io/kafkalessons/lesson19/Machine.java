package io.kafkalessons.lesson19;

/**
 * Where the numbers were measured: they mean little without it.
 *
 * @param cores the processors this JVM may use (the brokers share them)
 * @param os    operating system and architecture
 * @param java  the Java version running the clients
 */
public record Machine(int cores, String os, String java) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    /** "2 cores, Linux amd64, Java 17.0.15". */
    String describe() {
        return cores + " cores, " + os + ", Java " + java;
    }
}
