package dev.netfault.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bandwidth limit ({@code network-bandwidth}, a netfault extension): impaired packets leave (egress) or arrive
 * (ingress) no faster than {@code RateKilobitsPerSecond}, queued rather than dropped. Sources may be left out (every
 * address). It runs beside one latency, packet-loss or impairment fault; an agent in platform mode refuses it.
 *
 * <pre>{@code
 * BandwidthFault slow = BandwidthFault.builder()
 *         .rateKilobitsPerSecond(2_000)   // 2 Mbit/s
 *         .ports(5432).protocol(Protocol.TCP)
 *         .build();
 * }</pre>
 */
public final class BandwidthFault extends FaultBody implements FaultSpec {

    static final String STRUCT = "NetworkBandwidthRequest";
    static final long MIN_RATE_KBIT = 8;
    static final long MAX_RATE_KBIT = 10_000_000;
    static final long MAX_BURST_KBYTES = 1_000_000;

    private BandwidthFault(Map<String, Object> json) {
        super("network-bandwidth", json);
    }

    /** A builder with nothing set: give the rate. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link BandwidthFault}; {@link #build()} checks every value with the agent's rules and messages. */
    public static final class Builder extends PortTargetingBuilder<Builder> {
        private Long rateKbit;
        private Long burstKbytes;

        private Builder() {
        }

        /** The limit in kbit/s (1 kbit = 1000 bit, as tc counts), 8-10,000,000; required. */
        public Builder rateKilobitsPerSecond(long kbit) {
            this.rateKbit = kbit;
            return this;
        }

        /** Kilobytes (KiB) let through at line rate after an idle spell, 1-1,000,000; unset: what the rate needs. */
        public Builder burstKilobytes(long kbytes) {
            this.burstKbytes = kbytes;
            return this;
        }

        /** Egress (unset, the default) or ingress. */
        public Builder trafficType(TrafficType trafficType) {
            this.trafficType = Objects.requireNonNull(trafficType, "trafficType");
            return this;
        }

        /** Checks every value as the agent does and returns the fault; throws {@link IllegalArgumentException}. */
        public BandwidthFault build() {
            AgentRules.requireUnsignedIfSet(rateKbit, STRUCT, "RateKilobitsPerSecond");
            AgentRules.requireUnsignedIfSet(burstKbytes, STRUCT, "BurstKilobytes");
            checkDurationType(STRUCT);
            if (rateKbit == null) {
                throw AgentRules.missing("RateKilobitsPerSecond");
            }
            if (rateKbit < MIN_RATE_KBIT || rateKbit > MAX_RATE_KBIT) {
                throw new IllegalArgumentException("RateKilobitsPerSecond: " + rateKbit + " (expected: " + MIN_RATE_KBIT
                        + "-" + MAX_RATE_KBIT + ")");
            }
            if (burstKbytes != null && (burstKbytes < 1 || burstKbytes > MAX_BURST_KBYTES)) {
                throw new IllegalArgumentException("BurstKilobytes: " + burstKbytes + " (expected: 1-" + MAX_BURST_KBYTES
                        + ", or omitted for a burst the rate needs)");
            }
            Addresses.sources(sources, "Sources");
            Addresses.cidrs(sourcesToFilter, "SourcesToFilter");
            checkDuration(STRUCT);
            checkInterfaceCountsAndPorts();
            LinkedHashMap<String, Object> json = new LinkedHashMap<>();
            json.put("RateKilobitsPerSecond", rateKbit);
            if (burstKbytes != null) {
                json.put("BurstKilobytes", burstKbytes);
            }
            return new BandwidthFault(body(json));
        }
    }
}
