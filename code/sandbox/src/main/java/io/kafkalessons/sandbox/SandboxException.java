package io.kafkalessons.sandbox;

/** A sandbox cluster could not be started or did not reach the state asked for in time. */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
