package dev.netfault.agent.faults;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent can do here: its enforcement mode (kernel or platform) and why, and for each fault kind
 * ({@code latency}, {@code loss}, {@code loss-burst}, {@code blackhole}, {@code latency-ingress}, ...) either an empty
 * string (supported, with the mechanism in {@code mechanisms}) or the reason it is not, in the order given; {@code unleased} names the kinds
 * the kernel could not let lapse by themselves and why (the others are leased), and {@code leasePolicy} says how long a
 * lease lasts and whether unleased faults are started.
 */
public record Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms,
                     Map<String, String> unleased, String leasePolicy) {

    public Health {
        unsupported = Collections.unmodifiableMap(new LinkedHashMap<>(unsupported));
        mechanisms = Collections.unmodifiableMap(new LinkedHashMap<>(mechanisms));
        unleased = Collections.unmodifiableMap(new LinkedHashMap<>(unleased));
        Objects.requireNonNull(leasePolicy, "leasePolicy");
    }

    public Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms) {
        this(mode, modeReason, unsupported, mechanisms, Map.of(), "");
    }

    /** The same health with another mode reason. */
    public Health withModeReason(String reason) {
        return new Health(mode, reason, unsupported, mechanisms, unleased, leasePolicy);
    }
}
