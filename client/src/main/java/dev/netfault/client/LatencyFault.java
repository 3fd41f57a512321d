package dev.netfault.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A latency fault ({@code network-latency}): every impaired packet held {@code delay ± jitter} milliseconds.
 *
 * <pre>{@code
 * LatencyFault slowDb = LatencyFault.builder()
 *         .delayMillis(200).jitterMillis(20)
 *         .sources("198.51.100.7")
 *         .durationSeconds(60)
 *         .build();
 * }</pre>
 *
 * Needs the kernel's {@code sch_netem}; where it is missing the agent answers 400 with the reason.
 */
public final class LatencyFault extends FaultBody implements FaultSpec {

    static final String STRUCT = "NetworkLatencyRequest";

    private LatencyFault(Map<String, Object> json) {
        super("network-latency", json);
    }

    /** A builder with nothing set: give a delay or a jitter, and the sources. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link LatencyFault}; {@link #build()} checks every value with the agent's rules. */
    public static final class Builder extends PortTargetingBuilder<Builder> {
        private long delayMillis;
        private long jitterMillis;
        private Integer correlationPercent;
        private Distribution distribution;

        private Builder() {
        }

        /** Added delay, 0-60000 ms (unset: 0); delay or jitter must be non-zero. */
        public Builder delayMillis(long millis) {
            this.delayMillis = millis;
            return this;
        }

        /** Jitter around the delay, 0-60000 ms (unset: 0). */
        public Builder jitterMillis(long millis) {
            this.jitterMillis = millis;
            return this;
        }

        /** netem's correlation of successive delays, 0-100. */
        public Builder correlationPercent(int percent) {
            this.correlationPercent = percent;
            return this;
        }

        /** How the jitter is spread; needs a non-zero jitter. */
        public Builder distribution(Distribution distribution) {
            this.distribution = Objects.requireNonNull(distribution, "distribution");
            return this;
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
        public LatencyFault build() {
            // the unsigned fields in the order the JSON below carries them (FlowsPercent is a signed Go int)
            DelayRules.requireUnsigned(STRUCT, delayMillis, jitterMillis);
            AgentRules.requireUnsignedIfSet(correlationPercent, STRUCT, "CorrelationPercent");
            checkDurationType(STRUCT);
            if (delayMillis == 0 && jitterMillis == 0) {
                throw new IllegalArgumentException(
                        "required either DelayMilliseconds or JitterMilliseconds to be non-zero");
            }
            checkRequiredSources();
            Addresses.cidrs(sourcesToFilter, "SourcesToFilter");
            checkFlowsPercent();
            if (delayMillis > AgentRules.MAX_DELAY_MS) {
                throw AgentRules.invalid(delayMillis, "DelayMilliseconds", "0-" + AgentRules.MAX_DELAY_MS);
            }
            if (jitterMillis > AgentRules.MAX_DELAY_MS) {
                throw AgentRules.invalid(jitterMillis, "JitterMilliseconds", "0-" + AgentRules.MAX_DELAY_MS);
            }
            checkDuration(STRUCT);
            if (correlationPercent != null) {
                AgentRules.ranged(correlationPercent, STRUCT, "CorrelationPercent", 0, 100);
            }
            checkInterfaceCountsAndPorts();
            DelayRules.checkDistribution("distribution", distribution, delayMillis, jitterMillis);
            LinkedHashMap<String, Object> json = new LinkedHashMap<>();
            json.put("DelayMilliseconds", delayMillis);
            json.put("JitterMilliseconds", jitterMillis);
            if (correlationPercent != null) {
                json.put("CorrelationPercent", correlationPercent);
            }
            if (distribution != null) {
                json.put("Distribution", distribution.wire());
            }
            return new LatencyFault(body(json));
        }
    }
}
