package dev.netfault.agent.faults;

/**
 * No fault of the kind a request extends is running (HTTP 404), in the ECS agent's words:
 * {@code no network-latency fault is currently running for the task}. A caller's refresh loop stops on it.
 */
public class NotRunningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotRunningException(FaultKey key) {
        super("no " + (key.kind().equals("latency") ? "network-latency" : "network-packet-loss")
                + " fault is currently running for the task");
    }
}
