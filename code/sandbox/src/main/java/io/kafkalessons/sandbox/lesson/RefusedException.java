package io.kafkalessons.sandbox.lesson;

/** The lesson will not start, for a reason said in one line (nothing was changed): the launcher prints it and exits with code 1. */
public final class RefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message);
    }
}
