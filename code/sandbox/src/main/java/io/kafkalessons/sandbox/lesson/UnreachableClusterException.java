package io.kafkalessons.sandbox.lesson;

/** Nothing answered at the address given: the launcher prints the message and exits with code 1. */
public final class UnreachableClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreachableClusterException(String message) {
        super(message);
    }
}
