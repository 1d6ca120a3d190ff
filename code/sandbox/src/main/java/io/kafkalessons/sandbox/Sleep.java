package io.kafkalessons.sandbox;

/** Short sleeps inside bounded polling loops. */
final class Sleep {

    private Sleep() {
    }

    static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting", e);
        }
    }
}
