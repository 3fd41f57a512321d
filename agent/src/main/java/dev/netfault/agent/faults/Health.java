package dev.netfault.agent.faults;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent can do here: its enforcement mode (kernel or platform) and why, and for each fault kind
 * ({@code latency}, {@code loss}, {@code loss-burst}, {@code blackhole}, {@code latency-ingress}, ...) either an empty
 * string (supported, with the mechanism in {@code mechanisms}) or the reason it is not, in the order given; {@code unleased}
 * names the kinds the kernel could not let lapse by themselves and why (the others are leased), and {@code leasePolicy}
 * says how long a lease lasts and whether unleased faults are started. {@code probing}: the agent serves but its
 * capability probe (and journal reconcile) still runs, so no kind is known yet ({@link #starting}); fault requests wait
 * for it.
 */
public record Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms,
                     Map<String, String> unleased, String leasePolicy, boolean probing) {

    public Health {
        unsupported = Collections.unmodifiableMap(new LinkedHashMap<>(unsupported));
        mechanisms = Collections.unmodifiableMap(new LinkedHashMap<>(mechanisms));
        unleased = Collections.unmodifiableMap(new LinkedHashMap<>(unleased));
        Objects.requireNonNull(leasePolicy, "leasePolicy");
        if (probing && !unsupported.isEmpty()) {
            throw new IllegalArgumentException("probing: true with " + unsupported.size()
                    + " kinds (expected: none known while the probe runs)");
        }
    }

    /** The probed health: every kind known, with its lease verdicts. */
    public Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms,
                  Map<String, String> unleased, String leasePolicy) {
        this(mode, modeReason, unsupported, mechanisms, unleased, leasePolicy, false);
    }

    /** The probed health without lease verdicts (a platform's, or a test's). */
    public Health(String mode, String modeReason, Map<String, String> unsupported, Map<String, String> mechanisms) {
        this(mode, modeReason, unsupported, mechanisms, Map.of(), "", false);
    }

    /** Serving while the lifecycle starts: the decided mode, no kind known yet. */
    public static Health starting(String mode, String modeReason) {
        return new Health(mode, modeReason, Map.of(), Map.of(), Map.of(), "", true);
    }

    /** The same health with another mode reason. */
    public Health withModeReason(String reason) {
        return new Health(mode, reason, unsupported, mechanisms, unleased, leasePolicy, probing);
    }
}
