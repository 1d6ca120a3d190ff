package io.kafkalessons.lesson03;

/**
 * The resource the leader exists to write to (think: a database row, a file, a downstream
 * service). Each write carries the writer's fencing token, its latch znode's sequence number,
 * which grows with every new leader. With fencing on, the store refuses a token lower than one it
 * has already accepted; either way it counts the moments two leaders' writes interleaved.
 */
final class FencedStore {

    private final boolean fencing;
    private long highestToken = -1;
    private String lastWriter;
    private int accepted;
    private int rejected;
    private int overlaps;

    FencedStore(boolean fencing) {
        this.fencing = fencing;
    }

    /** Returns whether the write was accepted. */
    synchronized boolean write(String writer, long token) {
        // tag::fence[]
        if (fencing && token < highestToken) {
            rejected++;
            return false;
        }
        // end::fence[]
        if (token < highestToken && !writer.equals(lastWriter)) {
            overlaps++;
        }
        highestToken = Math.max(highestToken, token);
        lastWriter = writer;
        accepted++;
        return true;
    }

    synchronized int accepted() {
        return accepted;
    }

    synchronized int rejected() {
        return rejected;
    }

    /** Accepted writes from an older leader after a newer leader had written: two leaders at once. */
    synchronized int overlaps() {
        return overlaps;
    }
}
