package dev.netfault.agent.faults;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An active fault as {@code GET /faults} shows it: what the agent applied, and what the kernel holds now
 * ({@code present} false when its rules were removed behind the agent's back, or its lease lapsed so they no longer
 * bite) with counters such as {@code packetsDropped} / {@code packetsDelayed}; and its lease: when it lapses unless
 * renewed ({@code leaseExpiresAt}), or why the fault has none ({@code unleasedReason}).
 */
public record FaultView(ActiveFault fault, boolean present, Map<String, Long> counters, Optional<Instant> leaseExpiresAt,
                        Optional<String> unleasedReason) {

    public FaultView {
        counters = Map.copyOf(counters);
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        Objects.requireNonNull(unleasedReason, "unleasedReason");
    }

    public FaultView(ActiveFault fault, boolean present, Map<String, Long> counters) {
        this(fault, present, counters, Optional.empty(), Optional.empty());
    }
}
