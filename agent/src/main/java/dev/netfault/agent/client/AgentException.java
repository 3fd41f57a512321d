package dev.netfault.agent.client;

/**
 * The agent answered with an error, or could not be reached ({@link #status()} {@code 0}). The message is the agent's
 * own {@code Error} text, or what went wrong on the way.
 */
public class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Status used when no HTTP answer arrived (connection refused, timeout, bad URL). */
    public static final int UNREACHABLE = 0;

    private final int status;

    public AgentException(int status, String message) {
        super(message);
        this.status = status;
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
        this.status = UNREACHABLE;
    }

    /** The HTTP status code, or {@link #UNREACHABLE}. */
    public int status() {
        return status;
    }

    /** True for 409: a fault of that kind is already running. */
    public boolean conflict() {
        return status == 409;
    }
}
