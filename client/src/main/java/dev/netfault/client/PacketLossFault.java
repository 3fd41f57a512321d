package dev.netfault.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A packet-loss fault ({@code network-packet-loss}): {@code LossPercent} of impaired packets silently dropped, at
 * random or in bursts with the same long-run rate.
 *
 * <pre>{@code
 * PacketLossFault flaky = PacketLossFault.builder()
 *         .lossPercent(20)
 *         .sources("198.51.100.0/24")
 *         .burst(4)                       // runs of 4 drops on average
 *         .build();
 * }</pre>
 */
public final class PacketLossFault extends FaultBody implements FaultSpec {

    static final String STRUCT = "NetworkPacketLossRequest";

    private PacketLossFault(Map<String, Object> json) {
        super("network-packet-loss", json);
    }

    /** A builder with nothing set: give the loss percentage and the sources. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PacketLossFault}; {@link #build()} checks every value with the agent's rules. */
    public static final class Builder extends PortTargetingBuilder<Builder> {
        private Long lossPercent;
        private LossModel lossModel;
        private Long meanBurstPackets;

        private Builder() {
        }

        /** The share of packets dropped, 1-100 (1-99 with bursts); required. */
        public Builder lossPercent(long percent) {
            this.lossPercent = percent;
            return this;
        }

        /** {@code random} (unset, the default) or {@code burst} (then {@link #meanBurstPackets(long)} is required). */
        public Builder lossModel(LossModel model) {
            this.lossModel = Objects.requireNonNull(model, "lossModel");
            return this;
        }

        /** With {@code burst}: the mean length of a run of drops, 1-1000. */
        public Builder meanBurstPackets(long packets) {
            this.meanBurstPackets = packets;
            return this;
        }

        /** Shorthand for {@code lossModel(LossModel.BURST).meanBurstPackets(packets)}. */
        public Builder burst(long meanBurstPackets) {
            return lossModel(LossModel.BURST).meanBurstPackets(meanBurstPackets);
        }

        /** The share of flows (by 5-tuple hash) impaired, 1-100 (unset: 100). */
        public Builder flowsPercent(int percent) {
            this.flowsPercent = percent;
            return this;
        }

        /** Egress (unset, the ECS behaviour) or ingress. */
        public Builder trafficType(TrafficType trafficType) {
            this.trafficType = Objects.requireNonNull(trafficType, "trafficType");
            return this;
        }

        /** Checks every value as the agent does and returns the fault; throws {@link IllegalArgumentException}. */
        public PacketLossFault build() {
            // the unsigned fields in the order the JSON below carries them (FlowsPercent is a signed Go int)
            AgentRules.requireUnsignedIfSet(lossPercent, STRUCT, "LossPercent");
            AgentRules.requireUnsignedIfSet(meanBurstPackets, STRUCT, "MeanBurstPackets");
            checkDurationType(STRUCT);
            if (lossPercent == null) {
                throw AgentRules.missing("LossPercent");
            }
            long p = lossPercent;
            if (p < 1 || p > 100) {
                throw AgentRules.invalid(p, "LossPercent");
            }
            checkRequiredSources();
            Addresses.cidrs(sourcesToFilter, "SourcesToFilter");
            checkFlowsPercent();
            checkDuration(STRUCT);
            boolean burst = lossModel == LossModel.BURST;
            if (burst) {
                if (meanBurstPackets == null) {
                    throw AgentRules.missing("MeanBurstPackets");
                }
                if (meanBurstPackets < 1 || meanBurstPackets > AgentRules.MAX_BURST) {
                    throw AgentRules.invalid(meanBurstPackets, "MeanBurstPackets", "1-" + AgentRules.MAX_BURST);
                }
                if (p == 100) {
                    throw AgentRules.invalid(p, "LossPercent", "1-99 with LossModel burst");
                }
            } else if (meanBurstPackets != null && meanBurstPackets > 1) {
                throw AgentRules.invalid(meanBurstPackets, "MeanBurstPackets", "only with LossModel burst");
            }
            checkInterfaceCountsAndPorts();
            if (burst) {
                LossRules.checkBurstCeiling(p, meanBurstPackets);
            }
            LinkedHashMap<String, Object> json = new LinkedHashMap<>();
            json.put("LossPercent", p);
            if (lossModel != null) {
                json.put("LossModel", lossModel.wire());
            }
            if (meanBurstPackets != null) {
                json.put("MeanBurstPackets", meanBurstPackets);
            }
            return new PacketLossFault(body(json));
        }
    }
}
