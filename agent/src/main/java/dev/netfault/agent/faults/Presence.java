package dev.netfault.agent.faults;

import java.util.Map;

/**
 * What the kernel (or the platform) holds of one fault right now: {@code present} is false when any of its objects is
 * gone, e.g. deleted by hand; counters such as {@code packetsDropped} come from the kernel.
 */
public record Presence(boolean present, Map<String, Long> counters) {

    public Presence {
        counters = Map.copyOf(counters);
    }

    public static Presence absent() {
        return new Presence(false, Map.of());
    }
}
