package dev.netfault.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Several impairments in one netem ({@code network-impairment}, a netfault extension): delay and jitter, loss (random
 * or in bursts), corruption, duplication and reordering, any combination with at least one of them. It takes the
 * netem root latency and packet loss use: while one of the three runs, starting another is refused (409).
 *
 * <pre>{@code
 * ImpairmentFault flaky = ImpairmentFault.builder()
 *         .delayMillis(50).jitterMillis(5)
 *         .lossPercent(2).duplicatePercent(1)
 *         .sources("198.51.100.7")
 *         .durationSeconds(60)
 *         .build();
 * }</pre>
 *
 * Needs the kernel's {@code sch_netem}; where it is missing the agent answers 400 with the reason. Platform mode
 * (ECS/Fargate endpoints) has no such fault and answers 400.
 */
public final class ImpairmentFault extends FaultBody implements FaultSpec {

    static final String STRUCT = "NetworkImpairmentRequest";
    private static final int MAX_BURST = AgentRules.MAX_BURST;

    private ImpairmentFault(Map<String, Object> json) {
        super("network-impairment", json);
    }

    /** A builder with nothing set: give at least one impairment, and the sources. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link ImpairmentFault}; {@link #build()} checks every value with the agent's rules and words. */
    public static final class Builder extends PortTargetingBuilder<Builder> {
        private long delayMillis;
        private long jitterMillis;
        private int correlationPercent;
        private Distribution distribution;
        private int lossPercent;
        private LossModel lossModel;
        private int meanBurstPackets;
        private int corruptPercent;
        private int duplicatePercent;
        private int reorderPercent;

        private Builder() {
        }

        /** Added delay, 0-60000 ms (unset: 0). */
        public Builder delayMillis(long millis) {
            this.delayMillis = millis;
            return this;
        }

        /** Jitter around the delay, 0-60000 ms (unset: 0). */
        public Builder jitterMillis(long millis) {
            this.jitterMillis = millis;
            return this;
        }

        /** netem's correlation of successive delays, 0-100; needs a delay or jitter. */
        public Builder correlationPercent(int percent) {
            this.correlationPercent = percent;
            return this;
        }

        /** How the jitter is spread; needs a non-zero jitter, and a delay unless {@code UNIFORM}. */
        public Builder distribution(Distribution distribution) {
            this.distribution = Objects.requireNonNull(distribution, "distribution");
            return this;
        }

        /** Packets dropped, 0-100 (unset: 0). */
        public Builder lossPercent(int percent) {
            this.lossPercent = percent;
            return this;
        }

        /** Random (unset) or burst loss; burst needs {@link #meanBurstPackets}. */
        public Builder lossModel(LossModel model) {
            this.lossModel = Objects.requireNonNull(model, "lossModel");
            return this;
        }

        /** With burst loss: the mean run of drops, 1-1000. */
        public Builder meanBurstPackets(int packets) {
            this.meanBurstPackets = packets;
            return this;
        }

        /** Packets with a bit flipped, 0-100 (unset: 0). */
        public Builder corruptPercent(int percent) {
            this.corruptPercent = percent;
            return this;
        }

        /** Packets sent twice, 0-100 (unset: 0). */
        public Builder duplicatePercent(int percent) {
            this.duplicatePercent = percent;
            return this;
        }

        /** Packets sent at once, ahead of the delayed ones, 0-100 (unset: 0); needs a non-zero delay. */
        public Builder reorderPercent(int percent) {
            this.reorderPercent = percent;
            return this;
        }

        /** The share of flows (by 5-tuple hash) impaired, 1-100 (unset: 100). */
        public Builder flowsPercent(int percent) {
            this.flowsPercent = percent;
            return this;
        }

        /** Egress (unset) or ingress. */
        public Builder trafficType(TrafficType trafficType) {
            this.trafficType = Objects.requireNonNull(trafficType, "trafficType");
            return this;
        }

        /** Checks every value as the agent does, in its order, and returns the fault; throws {@link IllegalArgumentException}. */
        public ImpairmentFault build() {
            // Go's decoding of the unsigned fields, in the order the JSON below carries them
            DelayRules.requireUnsigned(STRUCT, delayMillis, jitterMillis);
            AgentRules.requireUnsigned(correlationPercent, STRUCT, "CorrelationPercent", 64);
            AgentRules.requireUnsigned(lossPercent, STRUCT, "LossPercent", 64);
            AgentRules.requireUnsigned(meanBurstPackets, STRUCT, "MeanBurstPackets", 64);
            AgentRules.requireUnsigned(corruptPercent, STRUCT, "CorruptPercent", 64);
            AgentRules.requireUnsigned(duplicatePercent, STRUCT, "DuplicatePercent", 64);
            AgentRules.requireUnsigned(reorderPercent, STRUCT, "ReorderPercent", 64);
            checkDurationType(STRUCT);
            range("DelayMilliseconds", delayMillis, AgentRules.MAX_DELAY_MS);
            range("JitterMilliseconds", jitterMillis, AgentRules.MAX_DELAY_MS);
            range("CorrelationPercent", correlationPercent, 100);
            range("LossPercent", lossPercent, 100);
            range("MeanBurstPackets", meanBurstPackets, MAX_BURST);
            boolean burst = lossModel == LossModel.BURST;
            if (burst && lossPercent > 0 && meanBurstPackets == 0) {
                throw new IllegalArgumentException("MeanBurstPackets: missing (expected: 1-" + MAX_BURST + " with LossModel burst)");
            }
            if (!burst && lossPercent > 0 && meanBurstPackets != 0) {
                throw new IllegalArgumentException("MeanBurstPackets: " + meanBurstPackets
                        + " (expected: only with LossModel burst)");
            }
            if (burst && lossPercent == 100) {
                throw new IllegalArgumentException("LossPercent: 100 (expected: 1-99 with LossModel burst; use random for 100)");
            }
            range("CorruptPercent", corruptPercent, 100);
            range("DuplicatePercent", duplicatePercent, 100);
            range("ReorderPercent", reorderPercent, 100);
            checkRequiredSources();
            checkFlowsPercent();
            checkDuration(STRUCT);
            Addresses.cidrs(sourcesToFilter, "SourcesToFilter");
            checkInterfaceCountsAndPorts();
            checkCombination();
            return new ImpairmentFault(body(json()));
        }

        private static void range(String field, long value, long max) {
            if (value > max) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: 0-" + max + ")");
            }
        }

        /** What the agent's spec refuses, in its words. */
        private void checkCombination() {
            boolean delayed = delayMillis > 0 || jitterMillis > 0;
            if (!delayed && lossPercent == 0 && corruptPercent == 0 && duplicatePercent == 0 && reorderPercent == 0) {
                throw new IllegalArgumentException("required at least one of DelayMilliseconds, JitterMilliseconds, "
                        + "LossPercent, CorruptPercent, DuplicatePercent or ReorderPercent to be non-zero");
            }
            if (correlationPercent > 0 && !delayed) {
                throw new IllegalArgumentException("CorrelationPercent: " + correlationPercent
                        + " (expected: 0 without DelayMilliseconds or JitterMilliseconds; it correlates successive delays)");
            }
            DelayRules.checkDistribution("Distribution", distribution, delayMillis, jitterMillis);
            if (reorderPercent > 0 && delayMillis == 0) {
                throw new IllegalArgumentException("ReorderPercent: " + reorderPercent
                        + " (expected: a non-zero DelayMilliseconds; netem reorders by sending some packets without the delay)");
            }
            boolean burst = lossModel == LossModel.BURST;
            if (lossPercent > 0 && burst) {
                LossRules.checkBurstCeiling(lossPercent, meanBurstPackets);
            } else if (lossPercent == 0 && burst) {
                throw new IllegalArgumentException("LossModel: 'burst' (expected: only with a non-zero LossPercent)");
            } else if (lossPercent == 0 && meanBurstPackets != 0) {
                throw new IllegalArgumentException("MeanBurstPackets: " + meanBurstPackets
                        + " (expected: 0 without LossPercent; it is the mean run of burst losses)");
            }
        }

        private LinkedHashMap<String, Object> json() {
            LinkedHashMap<String, Object> json = new LinkedHashMap<>();
            putNonZero(json, "DelayMilliseconds", delayMillis);
            putNonZero(json, "JitterMilliseconds", jitterMillis);
            putNonZero(json, "CorrelationPercent", correlationPercent);
            if (distribution != null) {
                json.put("Distribution", distribution.wire());
            }
            putNonZero(json, "LossPercent", lossPercent);
            if (lossModel != null) {
                json.put("LossModel", lossModel.wire());
            }
            putNonZero(json, "MeanBurstPackets", meanBurstPackets);
            putNonZero(json, "CorruptPercent", corruptPercent);
            putNonZero(json, "DuplicatePercent", duplicatePercent);
            putNonZero(json, "ReorderPercent", reorderPercent);
            return json;
        }

        private static void putNonZero(Map<String, Object> json, String field, long value) {
            if (value != 0) {
                json.put(field, value);
            }
        }
    }
}
