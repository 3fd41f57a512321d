package dev.netfault.client;

/** The rule on burst loss that packet loss and impairment share, in the agent's words. */
final class LossRules {

    private LossRules() {
    }

    /**
     * Bursts of mean length {@code m} allow at most {@code 100 * m / (m + 1)} percent loss (the chain's chance of
     * entering its bad state must stay at most 1): {@code lossPercent: 60 (expected: at most 50 with meanBurstPackets 1; ...)}.
     */
    static void checkBurstCeiling(long lossPercent, long meanBurstPackets) {
        long max = 100 * meanBurstPackets / (meanBurstPackets + 1);
        if (lossPercent > max) {
            throw new IllegalArgumentException("lossPercent: " + lossPercent + " (expected: at most " + max
                    + " with meanBurstPackets " + meanBurstPackets + "; longer bursts allow more loss)");
        }
    }
}
