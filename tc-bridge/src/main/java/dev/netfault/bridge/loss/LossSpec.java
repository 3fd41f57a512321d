package dev.netfault.bridge.loss;

import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Targeting;
import java.util.Objects;

/**
 * Packet loss: {@code lossPercent} of impaired packets are silently dropped. With {@link LossModel#BURST} the long-run
 * rate is the same, but drops come in runs of {@code meanBurstPackets} on average.
 */
public record LossSpec(int lossPercent, LossModel model, int meanBurstPackets, Targeting targeting) implements FaultSpec {

    public static final int MAX_BURST = 1000;

    public LossSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(targeting, "targeting");
        if (lossPercent < 1 || lossPercent > 100) {
            throw new IllegalArgumentException("lossPercent: " + lossPercent + " (expected: 1-100)");
        }
        if (model == LossModel.BURST) {
            if (meanBurstPackets < 1 || meanBurstPackets > MAX_BURST) {
                throw new IllegalArgumentException("meanBurstPackets: " + meanBurstPackets + " (expected: 1-" + MAX_BURST + ")");
            }
            if (lossPercent == 100) {
                throw new IllegalArgumentException("lossPercent: 100 (expected: 1-99 with lossModel burst; use random for 100)");
            }
            int max = 100 * meanBurstPackets / (meanBurstPackets + 1);
            if (lossPercent > max) {
                // the chain enters its bad state with p = L / (meanBurst * (1 - L)), which must stay <= 1
                throw new IllegalArgumentException("lossPercent: " + lossPercent + " (expected: at most " + max
                        + " with meanBurstPackets " + meanBurstPackets + "; longer bursts allow more loss)");
            }
        } else if (meanBurstPackets != 0 && meanBurstPackets != 1) {
            throw new IllegalArgumentException("meanBurstPackets: " + meanBurstPackets + " (expected: only with lossModel burst)");
        }
    }

    public static LossSpec random(int percent, Targeting targeting) {
        return new LossSpec(percent, LossModel.RANDOM, 0, targeting);
    }

    @Override
    public String kind() {
        return "loss";
    }
}
