package dev.netfault.bridge.bandwidth;

import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Targeting;
import java.util.Objects;

/**
 * A bandwidth limit: impaired packets leave (egress) or arrive (ingress) no faster than {@code rateKbit} kilobits per
 * second, queued rather than dropped while the queue has room.
 *
 * <p>{@code new BandwidthSpec(2_000, 0, Targeting.all())}
 *
 * @param rateKbit    the rate, 8-10,000,000 kbit/s (1 kbit = 1000 bit, as tc counts)
 * @param burstKbytes how many kilobytes may pass at line rate after an idle spell, 1-{@value #MAX_BURST_KBYTES}; 0
 *                    lets the planner choose (enough for the rate to hold at the kernel's timer granularity)
 */
public record BandwidthSpec(long rateKbit, long burstKbytes, Targeting targeting) implements FaultSpec {

    public static final long MIN_RATE_KBIT = 8;
    public static final long MAX_RATE_KBIT = 10_000_000;
    public static final long MAX_BURST_KBYTES = 1_000_000;

    public BandwidthSpec {
        Objects.requireNonNull(targeting, "targeting");
        if (rateKbit < MIN_RATE_KBIT || rateKbit > MAX_RATE_KBIT) {
            throw new IllegalArgumentException("RateKilobitsPerSecond: " + rateKbit + " (expected: " + MIN_RATE_KBIT
                    + "-" + MAX_RATE_KBIT + ")");
        }
        if (burstKbytes < 0 || burstKbytes > MAX_BURST_KBYTES) {
            throw new IllegalArgumentException("BurstKilobytes: " + burstKbytes + " (expected: 1-" + MAX_BURST_KBYTES
                    + ", or omitted for a burst the rate needs)");
        }
        if (targeting.flowsPercent() != 100) {
            throw new IllegalArgumentException("FlowsPercent: " + targeting.flowsPercent()
                    + " (expected: 100 for a bandwidth limit; it shapes all the traffic it targets)");
        }
    }

    @Override
    public String kind() {
        return "bandwidth";
    }
}
