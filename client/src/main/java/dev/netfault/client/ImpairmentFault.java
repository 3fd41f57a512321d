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
public final class ImpairmentFault implements FaultSpec {

    static final String STRUCT = "NetworkImpairmentRequest";
    static final int MAX_BURST = 1000;

    private final Map<String, Object> json;

    private ImpairmentFault(Map<String, Object> json) {
        this.json = json;
    }

    /** A builder with nothing set: give at least one impairment, and the sources. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String route() {
        return "network-impairment";
    }

    @Override
    public Map<String, Object> toJson() {
        return json;
    }

    @Override
    public Map<String, Object> identity() {
        return Map.of();
    }

    @Override
    public String toString() {
        return route() + " " + json;
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
        private Integer flowsPercent;
        private TrafficType trafficType;

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
            AgentRules.requireUnsigned(delayMillis, STRUCT, "DelayMilliseconds", 64);
            AgentRules.requireUnsigned(jitterMillis, STRUCT, "JitterMilliseconds", 64);
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
            if (sources.isEmpty()) {
                throw AgentRules.missing("Sources");
            }
            Addresses.sources(sources, "Sources");
            if (flowsPercent != null && (flowsPercent < 1 || flowsPercent > 100)) {
                throw AgentRules.invalid(flowsPercent, "flowsPercent");
            }
            checkDuration(STRUCT);
            Addresses.cidrs(sourcesToFilter, "SourcesToFilter");
            checkInterface();
            checkCounts();
            checkPorts();
            checkCombination();
            return new ImpairmentFault(frozen(json()));
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
            if (distribution != null && jitterMillis == 0) {
                throw new IllegalArgumentException("Distribution: '" + distribution.wire()
                        + "' (expected: a non-zero JitterMilliseconds; a distribution shapes the jitter)");
            }
            if (distribution != null && distribution != Distribution.UNIFORM && delayMillis == 0) {
                throw new IllegalArgumentException("Distribution: '" + distribution.wire()
                        + "' (expected: a non-zero DelayMilliseconds as well; netem spreads the jitter around a delay)");
            }
            if (reorderPercent > 0 && delayMillis == 0) {
                throw new IllegalArgumentException("ReorderPercent: " + reorderPercent
                        + " (expected: a non-zero DelayMilliseconds; netem reorders by sending some packets without the delay)");
            }
            boolean burst = lossModel == LossModel.BURST;
            if (lossPercent > 0 && burst) {
                int max = 100 * meanBurstPackets / (meanBurstPackets + 1);
                if (lossPercent > max) {
                    throw new IllegalArgumentException("lossPercent: " + lossPercent + " (expected: at most " + max
                            + " with meanBurstPackets " + meanBurstPackets + "; longer bursts allow more loss)");
                }
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
            if (flowsPercent != null) {
                json.put("FlowsPercent", flowsPercent);
            }
            if (trafficType != null) {
                json.put("TrafficType", trafficType.wire());
            }
            putTargeting(json);
            putPorts(json);
            return json;
        }

        private static void putNonZero(Map<String, Object> json, String field, long value) {
            if (value != 0) {
                json.put(field, value);
            }
        }
    }
}
