package dev.netfault.agent.faults;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent can do here: its enforcement mode (kernel or platform) and why, and for each fault kind
 * ({@code latency}, {@code loss}, {@code loss-burst}, {@code blackhole}, {@code latency-ingress}, ...) either an empty
 * string (supported, with the mechanism in {@code mechanisms}) or the reason it is not; in the order given.
 * {@code probing}: the agent serves but its capability probe (and journal reconcile) still runs, so no kind is known
 * yet ({@link #starting}); fault requests wait for it.
 */
public record Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms,
                     boolean probing) {

    public Health {
        unsupported = Collections.unmodifiableMap(new LinkedHashMap<>(unsupported));
        mechanisms = Collections.unmodifiableMap(new LinkedHashMap<>(mechanisms));
        if (probing && !unsupported.isEmpty()) {
            throw new IllegalArgumentException("probing: true with " + unsupported.size()
                    + " kinds (expected: none known while the probe runs)");
        }
    }

    /** The probed health: every kind known. */
    public Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms) {
        this(mode, modeReason, unsupported, mechanisms, false);
    }

    /** Serving while the lifecycle starts: the decided mode, no kind known yet. */
    public static Health starting(String mode, String modeReason) {
        return new Health(mode, modeReason, Map.of(), Map.of(), true);
    }
}
