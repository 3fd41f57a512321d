package dev.netfault.agent.faults;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent can do here: its enforcement mode (kernel or platform) and why, and for each fault kind
 * ({@code latency}, {@code loss}, {@code loss-burst}, {@code blackhole}, {@code latency-ingress}, ...) either an empty
 * string (supported, with the mechanism in {@code mechanisms}) or the reason it is not; in the order given.
 */
public record Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms) {

    public Health {
        unsupported = Collections.unmodifiableMap(new LinkedHashMap<>(unsupported));
        mechanisms = Collections.unmodifiableMap(new LinkedHashMap<>(mechanisms));
    }
}
