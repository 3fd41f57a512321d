package dev.netfault.client;

/**
 * The rules on netem's delay fields that latency and impairment share, in the agent's words. The two kinds name the
 * distribution differently ({@code distribution} for latency, {@code Distribution} for impairment), as their specs do.
 */
final class DelayRules {

    private DelayRules() {
    }

    /** Go's decoding of DelayMilliseconds and JitterMilliseconds, both uint64, in that order. */
    static void requireUnsigned(String struct, long delayMillis, long jitterMillis) {
        AgentRules.requireUnsigned(delayMillis, struct, "DelayMilliseconds", 64);
        AgentRules.requireUnsigned(jitterMillis, struct, "JitterMilliseconds", 64);
    }

    /** A distribution shapes the jitter, and (but for uniform) needs a delay to spread it around; null: no check. */
    static void checkDistribution(String field, Distribution distribution, long delayMillis, long jitterMillis) {
        if (distribution != null && jitterMillis == 0) {
            throw new IllegalArgumentException(field + ": '" + distribution.wire()
                    + "' (expected: a non-zero JitterMilliseconds; a distribution shapes the jitter)");
        }
        if (distribution != null && distribution != Distribution.UNIFORM && delayMillis == 0) {
            // the agent's rule since tc refused a distribution table without a delay (measured in the guest lane)
            throw new IllegalArgumentException(field + ": '" + distribution.wire()
                    + "' (expected: a non-zero DelayMilliseconds as well; netem spreads the jitter around a delay)");
        }
    }
}
