package dev.netfault.agent.faults;

/** A fault of a kind that excludes the requested one is already running (HTTP 409, CLI exit 3). */
public class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
