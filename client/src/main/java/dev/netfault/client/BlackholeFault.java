package dev.netfault.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A blackhole ({@code network-blackhole-port}): every packet of one port and protocol, in one direction, silently
 * dropped. Several blackholes (different port, protocol or direction) run at once; stop and status name one by the
 * same three fields.
 *
 * <pre>{@code
 * BlackholeFault noDb = BlackholeFault.port(5432)          // tcp, egress unless told otherwise
 *         .sources("198.51.100.7")                         // only to this address (default: all)
 *         .durationSeconds(30)
 *         .build();
 * }</pre>
 */
public final class BlackholeFault extends FaultBody implements FaultSpec {

    static final String STRUCT = "NetworkBlackholePortRequest";

    private final Map<String, Object> identity;

    private BlackholeFault(Map<String, Object> json, Map<String, Object> identity) {
        super("network-blackhole-port", json);
        this.identity = identity;
    }

    /** A builder for a blackhole of {@code port} (1-65535), TCP and egress unless changed. */
    public static Builder port(int port) {
        return new Builder(port);
    }

    @Override
    public Map<String, Object> identity() {
        return identity;
    }

    /** Builds a {@link BlackholeFault}; {@link #build()} checks every value with the agent's rules. */
    public static final class Builder extends TargetingBuilder<Builder> {
        private final long port;
        private Protocol protocol = Protocol.TCP;
        private TrafficType trafficType = TrafficType.EGRESS;

        private Builder(long port) {
            this.port = port;
        }

        /** {@code tcp} (the default) or {@code udp}. */
        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** Shorthand for {@code protocol(Protocol.UDP)}. */
        public Builder udp() {
            return protocol(Protocol.UDP);
        }

        /** {@code egress} (the default: packets to the port) or {@code ingress} (packets arriving at the port). */
        public Builder trafficType(TrafficType trafficType) {
            this.trafficType = Objects.requireNonNull(trafficType, "trafficType");
            return this;
        }

        /** Shorthand for {@code trafficType(TrafficType.INGRESS)}. */
        public Builder ingress() {
            return trafficType(TrafficType.INGRESS);
        }

        /** Checks every value as the agent does and returns the fault; throws {@link IllegalArgumentException}. */
        public BlackholeFault build() {
            // the unsigned fields in the order the JSON below carries them
            AgentRules.requireUnsigned(port, STRUCT, "Port", 16);
            checkDurationType(STRUCT);
            Addresses.cidrs(sourcesToFilter, "SourcesToFilter");
            if (port < 1) {
                throw AgentRules.invalid(port, "Port", "1-65535");
            }
            Addresses.sources(sources, "Sources");
            checkDuration(STRUCT);
            checkInterface();
            checkCounts();
            LinkedHashMap<String, Object> identity = new LinkedHashMap<>();
            identity.put("Port", port);
            identity.put("Protocol", protocol.wire());
            identity.put("TrafficType", trafficType.wire());
            LinkedHashMap<String, Object> json = new LinkedHashMap<>(identity);
            putTargeting(json);
            return new BlackholeFault(frozen(json), frozen(identity));
        }
    }
}
