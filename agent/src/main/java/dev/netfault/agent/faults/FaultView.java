package dev.netfault.agent.faults;

import java.util.Map;

/**
 * An active fault as {@code GET /faults} shows it: what the agent applied, and what the kernel holds now
 * ({@code present} false when its rules were removed behind the agent's back) with counters such as
 * {@code packetsDropped} / {@code packetsDelayed}.
 */
public record FaultView(ActiveFault fault, boolean present, Map<String, Long> counters) {

    public FaultView {
        counters = Map.copyOf(counters);
    }
}
