package dev.netfault.client;

/**
 * The agent answered 409: a fault of this kind (or latency while loss runs, and the reverse) is already running, e.g.
 * {@code There is already one network latency fault running}.
 */
public final class FaultConflictException extends NetfaultException {

    private static final long serialVersionUID = 1L;

    /** The conflict answer to {@code request}. */
    public FaultConflictException(String request, String agentMessage) {
        super(request, 409, agentMessage);
    }
}
