package dev.netfault.client;

/**
 * The agent refused or failed a request, or could not be reached. {@link #status()} is the agent's HTTP status
 * (400 bad input, 401 token, 409 conflict, 429 rate limit, 500 a failed kernel command, ...) or 0 when no answer
 * came; {@link #agentMessage()} is the agent's own {@code Error} text.
 *
 * <pre>{@code
 * try {
 *     client.start(latency);
 * } catch (NetfaultException e) {
 *     if (e.status() == 400) System.err.println("refused: " + e.agentMessage());
 * }
 * }</pre>
 */
public class NetfaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String agentMessage;

    /** An answer from the agent: its status and its {@code Error} text. */
    public NetfaultException(String request, int status, String agentMessage) {
        super(request + ": agent answered " + status + ": " + agentMessage);
        this.status = status;
        this.agentMessage = agentMessage;
    }

    /** No answer (connection refused, timeout, interrupted): status 0, the cause says why. */
    public NetfaultException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.agentMessage = "";
    }

    /** The agent's HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The agent's {@code Error} text (or its body when it had no {@code Error}); empty when no answer came. */
    public String agentMessage() {
        return agentMessage;
    }

    /** True for 409: a fault of that kind is already running (latency and loss exclude each other). */
    public boolean isConflict() {
        return status == 409;
    }
}
