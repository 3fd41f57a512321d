package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault the agent applied: its spec, when it started and expires, how it is enforced, and why it has no kernel lease
 * when it has none ({@code serve --allow-unleased}).
 */
public record ActiveFault(FaultId id, FaultKey key, FaultSpec spec, Instant startedAt, Instant expiresAt,
                          String mechanism, List<String> interfaces, Optional<String> unleasedReason) {

    public ActiveFault {
        interfaces = List.copyOf(interfaces);
        Objects.requireNonNull(unleasedReason, "unleasedReason");
    }

    public ActiveFault(FaultId id, FaultKey key, FaultSpec spec, Instant startedAt, Instant expiresAt, String mechanism,
                       List<String> interfaces) {
        this(id, key, spec, startedAt, expiresAt, mechanism, interfaces, Optional.empty());
    }
}
