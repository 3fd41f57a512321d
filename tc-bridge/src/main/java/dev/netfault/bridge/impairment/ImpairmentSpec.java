package dev.netfault.bridge.impairment;

import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Targeting;
import java.util.Objects;

/**
 * Several impairments in one netem: delay and jitter, loss (random or in bursts), corruption, duplication and
 * reordering, in any combination with at least one of them. Percentages are of the impaired packets.
 *
 * <p>{@code new ImpairmentSpec(50, 0, 0, Distribution.NONE, 2, LossModel.RANDOM, 0, 0, 1, 0, Targeting.all())}
 *
 * @param correlationPercent netem's correlation of successive delays, 0-100; needs a delay or jitter
 * @param distribution       how jitter is spread; needs a non-zero jitter unless NONE, and a non-zero delay unless
 *                           NONE or UNIFORM (tc refuses a distribution table without a delay)
 * @param lossPercent        0 (no loss) or 1-100, as {@link LossSpec}
 * @param meanBurstPackets   with {@link LossModel#BURST}: mean run of drops, as {@link LossSpec}
 * @param reorderPercent     share of packets sent at once instead of delayed; needs a delay
 */
public record ImpairmentSpec(long delayMs, long jitterMs, int correlationPercent, Distribution distribution,
                             int lossPercent, LossModel lossModel, int meanBurstPackets,
                             int corruptPercent, int duplicatePercent, int reorderPercent,
                             Targeting targeting) implements FaultSpec {

    public ImpairmentSpec {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(lossModel, "lossModel");
        Objects.requireNonNull(targeting, "targeting");
        range("DelayMilliseconds", delayMs, LatencySpec.MAX_DELAY_MS);
        range("JitterMilliseconds", jitterMs, LatencySpec.MAX_DELAY_MS);
        range("CorrelationPercent", correlationPercent, 100);
        range("LossPercent", lossPercent, 100);
        range("CorruptPercent", corruptPercent, 100);
        range("DuplicatePercent", duplicatePercent, 100);
        range("ReorderPercent", reorderPercent, 100);
        boolean delayed = delayMs > 0 || jitterMs > 0;
        if (!delayed && lossPercent == 0 && corruptPercent == 0 && duplicatePercent == 0 && reorderPercent == 0) {
            throw new IllegalArgumentException("required at least one of DelayMilliseconds, JitterMilliseconds, "
                    + "LossPercent, CorruptPercent, DuplicatePercent or ReorderPercent to be non-zero");
        }
        if (correlationPercent > 0 && !delayed) {
            throw new IllegalArgumentException("CorrelationPercent: " + correlationPercent
                    + " (expected: 0 without DelayMilliseconds or JitterMilliseconds; it correlates successive delays)");
        }
        if (distribution != Distribution.NONE && jitterMs == 0) {
            throw new IllegalArgumentException("Distribution: '" + distribution.wire()
                    + "' (expected: a non-zero JitterMilliseconds; a distribution shapes the jitter)");
        }
        if (distribution != Distribution.NONE && distribution != Distribution.UNIFORM && delayMs == 0) {
            // tc refuses it: "distribution specified but no latency and jitter values" (measured, iproute2 6.1)
            throw new IllegalArgumentException("Distribution: '" + distribution.wire()
                    + "' (expected: a non-zero DelayMilliseconds as well; netem spreads the jitter around a delay)");
        }
        if (reorderPercent > 0 && delayMs == 0) {
            throw new IllegalArgumentException("ReorderPercent: " + reorderPercent
                    + " (expected: a non-zero DelayMilliseconds; netem reorders by sending some packets without the delay)");
        }
        if (lossPercent > 0) {
            new LossSpec(lossPercent, lossModel, meanBurstPackets, targeting); // the same loss rules, the same messages
        } else if (lossModel != LossModel.RANDOM) {
            throw new IllegalArgumentException("LossModel: '" + lossModel.wire()
                    + "' (expected: only with a non-zero LossPercent)");
        } else if (meanBurstPackets != 0) {
            throw new IllegalArgumentException("MeanBurstPackets: " + meanBurstPackets
                    + " (expected: 0 without LossPercent; it is the mean run of burst losses)");
        }
    }

    private static void range(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0-" + max + ")");
        }
    }

    @Override
    public String kind() {
        return "impairment";
    }
}
