package dev.netfault.agent.faults;

import java.util.Map;

/**
 * What the agent can do here: its enforcement mode (kernel or platform) and why, and for each fault kind
 * ({@code latency}, {@code loss}, {@code loss-burst}, {@code blackhole}, {@code latency-ingress}, ...) either an empty
 * string (supported, with the mechanism in {@code mechanisms}) or the reason it is not.
 */
public record Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms) {

    public Health {
        unsupported = Map.copyOf(unsupported);
        mechanisms = Map.copyOf(mechanisms);
    }
}
