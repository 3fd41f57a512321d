package dev.netfault.agent.faults;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;

/**
 * No fault of the kind a request extends is running (HTTP 404), in the ECS agent's words:
 * {@code no network-latency fault is currently running for the task}. A caller's refresh loop stops on it.
 */
public class NotRunningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotRunningException(FaultKey key) {
        super("no " + Kinds.byName(key.kind()).map(FaultKind::route).orElse(key.kind())
                + " fault is currently running for the task");
    }
}
