package dev.netfault.agent.faults;

import java.time.Duration;
import java.util.List;

/** Receives one call per fault event: the agent's logs and metrics are listeners. Calls must not block. */
public interface FaultListener {

    default void started(ActiveFault fault, List<String> commands, Duration applyTime) {
    }

    default void verified(ActiveFault fault) {
    }

    /** {@code reason}: {@code stopped}, {@code expired}, {@code killswitch}, {@code shutdown}, {@code reconcile} or {@code lease-lapsed}. */
    default void stopped(ActiveFault fault, String reason, List<String> commands, Duration revertTime) {
    }

    /** One renewal of every live fault's lease ({@link Renewal#result()}: ok, retried or failed). */
    default void renewed(Renewal renewal, Duration took) {
    }

    /** {@code phase}: {@code apply}, {@code verify} or {@code revert}. */
    default void failed(FaultKey key, String phase, String message) {
    }
}
