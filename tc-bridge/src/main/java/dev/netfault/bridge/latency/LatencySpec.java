package dev.netfault.bridge.latency;

import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Targeting;
import java.util.Objects;

/**
 * Network latency: every impaired packet is held {@code delayMs ± jitterMs}.
 *
 * <p>{@code new LatencySpec(100, 10, 0, Distribution.NONE, Targeting.all())}
 *
 * @param correlationPercent netem's correlation of successive delays, 0-100
 * @param distribution       how jitter is spread; needs a non-zero jitter unless NONE, and a non-zero delay unless
 *                           NONE or UNIFORM
 */
public record LatencySpec(long delayMs, long jitterMs, int correlationPercent, Distribution distribution,
                          Targeting targeting) implements FaultSpec {

    public static final long MAX_DELAY_MS = 60_000;

    public LatencySpec {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(targeting, "targeting");
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("delayMilliseconds: " + delayMs + " (expected: 0-" + MAX_DELAY_MS + ")");
        }
        if (jitterMs < 0 || jitterMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("jitterMilliseconds: " + jitterMs + " (expected: 0-" + MAX_DELAY_MS + ")");
        }
        if (delayMs == 0 && jitterMs == 0) {
            throw new IllegalArgumentException("required either DelayMilliseconds or JitterMilliseconds to be non-zero");
        }
        if (correlationPercent < 0 || correlationPercent > 100) {
            throw new IllegalArgumentException("correlationPercent: " + correlationPercent + " (expected: 0-100)");
        }
        if (distribution != Distribution.NONE && jitterMs == 0) {
            throw new IllegalArgumentException("distribution: '" + distribution.wire()
                    + "' (expected: a non-zero JitterMilliseconds; a distribution shapes the jitter)");
        }
        if (distribution != Distribution.NONE && distribution != Distribution.UNIFORM && delayMs == 0) {
            // tc refuses it: "distribution specified but no latency and jitter values" (measured in the guest lane)
            throw new IllegalArgumentException("distribution: '" + distribution.wire()
                    + "' (expected: a non-zero DelayMilliseconds as well; netem spreads the jitter around a delay)");
        }
    }

    @Override
    public String kind() {
        return "latency";
    }
}
