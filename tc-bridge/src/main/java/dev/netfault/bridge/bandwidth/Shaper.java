package dev.netfault.bridge.bandwidth;

/**
 * The token bucket of a bandwidth limit, sized from the rate: a {@code tbf} on netfault's ifb whose queue holds
 * packets instead of dropping them while a TCP sender adapts.
 *
 * <ul>
 *   <li>{@code limit} (bytes queued) = 2 x rate x {@value #LATENCY_MS} ms, at least {@value #MIN_LIMIT_BYTES} bytes
 *       (one 64 KiB GSO packet: veth and most NICs hand the qdisc segments that large) and at least the burst. 200 ms
 *       covers the round trip of any path a sidecar talks to, so the queue is never the first thing to run out.</li>
 *   <li>{@code burst} (bytes sent at line rate after an idle spell) = what the rate sends in one tick of a 100 Hz
 *       timer (the coarsest kernel HZ), at least {@value #MIN_BURST_BYTES} bytes (two 9 KiB jumbo frames: EC2's MTU
 *       is 9001 and tbf drops a frame larger than its burst); or {@code BurstKilobytes} x 1024 when given.</li>
 * </ul>
 *
 * <p>{@code Shaper.of(new BandwidthSpec(2_000, 0, Targeting.all())).tbf()} is
 * {@code tbf rate 2000kbit burst 18432 limit 100000}.
 */
public record Shaper(long rateKbit, long burstBytes, long limitBytes) {

    public static final long LATENCY_MS = 200;
    public static final long MIN_LIMIT_BYTES = 65_536;
    public static final long MIN_BURST_BYTES = 2 * 9_216;
    /** The coarsest timer the kernel may tick at: the burst must carry the rate over one tick. */
    static final long WORST_HZ = 100;

    public static Shaper of(BandwidthSpec spec) {
        long bytesPerSecond = spec.rateKbit() * 1000 / 8;
        long burst = spec.burstKbytes() > 0 ? spec.burstKbytes() * 1024
                : Math.max(MIN_BURST_BYTES, bytesPerSecond / WORST_HZ);
        long limit = Math.max(Math.max(MIN_LIMIT_BYTES, burst), 2 * bytesPerSecond * LATENCY_MS / 1000);
        return new Shaper(spec.rateKbit(), burst, limit);
    }

    /** The qdisc arguments after {@code qdisc add dev X root handle H}. */
    public String tbf() {
        return "tbf rate " + rateKbit + "kbit burst " + burstBytes + " limit " + limitBytes;
    }

    /** True when a given burst is below one jumbo frame pair: frames larger than it are dropped by tbf. */
    public boolean burstBelowFrames() {
        return burstBytes < MIN_BURST_BYTES;
    }
}
