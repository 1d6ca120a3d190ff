package io.kafkalessons.sandbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling: every wait in the sandbox and the lessons ends, one way or the other. */
public final class Poll {

    /** A condition that may fail while the cluster is in flux; a failure counts as "not yet". */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Reads a value that may not be ready yet; a failure counts as "not yet". */
    @FunctionalInterface
    public interface Read<T> {
        T get() throws Exception;
    }

    private Poll() {
    }

    /**
     * Reads every {@code interval} until {@code accept} takes what was read, and returns that; after
     * {@code timeout} throws as {@link #until} does, with {@code failure}'s text for the last value
     * read (null if no read succeeded).
     */
    public static <T> T untilMatches(Duration timeout, Duration interval, Read<T> read, Predicate<T> accept,
                                     Function<T, String> failure) {
        AtomicReference<T> last = new AtomicReference<>();
        until(timeout, interval, () -> {
            T value = read.get();
            last.set(value);
            return accept.test(value);
        }, () -> failure.apply(last.get()));
        return last.get();
    }

    /**
     * Checks {@code condition} every {@code interval} until it holds and returns how long that
     * took; after {@code timeout} throws a {@link SandboxException} with {@code failure}'s text.
     * A {@link SandboxException} thrown by the check (a node crashed) ends the wait at once; any
     * other exception counts as "not yet", and the last one is named if time runs out.
     */
    public static Duration until(Duration timeout, Duration interval, Check condition, Supplier<String> failure) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (SandboxException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while waiting", e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String cause = last == null ? "" : " (last error: " + last + ")";
                throw new SandboxException(failure.get() + cause, last);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while waiting", e);
            }
        }
    }
}
