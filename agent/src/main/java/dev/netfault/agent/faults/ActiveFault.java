package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import java.time.Instant;
import java.util.List;

/** A fault the agent applied: its spec, when it started and expires, and how it is enforced. */
public record ActiveFault(FaultId id, FaultKey key, FaultSpec spec, Instant startedAt, Instant expiresAt,
                          String mechanism, List<String> interfaces) {

    public ActiveFault {
        interfaces = List.copyOf(interfaces);
    }
}
