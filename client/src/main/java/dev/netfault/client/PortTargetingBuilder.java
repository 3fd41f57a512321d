package dev.netfault.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The targeting of a fault that can be narrowed to destination ports: {@code Ports} and {@code Protocol}, netfault
 * extensions to the ECS bodies (the platform's own endpoints have neither; an agent in platform mode refuses them).
 * It also keeps what the kinds' builders set beside them, {@code FlowsPercent} and {@code TrafficType}, and writes the
 * body's tail in the agent's field order.
 * A port is the packet's destination port in both directions: egress, the remote service's port; ingress, the
 * application's own listening port.
 *
 * <pre>{@code
 * PacketLossFault.builder().lossPercent(20).sources("198.51.100.0/24").ports(5432).protocol(Protocol.TCP).build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class PortTargetingBuilder<B extends PortTargetingBuilder<B>> extends TargetingBuilder<B> {

    static final int MAX_PORTS = 64;

    private List<Integer> ports = List.of();
    private Protocol protocol;
    /** Set by the builders that take it (a signed Go int on the agent's side); null: every flow. */
    Integer flowsPercent;
    /** Set by every builder's {@code trafficType(...)}; null: the agent's default, egress. */
    TrafficType trafficType;

    PortTargetingBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B me() {
        return (B) this;
    }

    /** Impair only packets to these destination ports (1-65535, distinct, at most 64); unset: every port. */
    public B ports(int... values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return ports(list);
    }

    /** As {@link #ports(int...)}. */
    public B ports(List<Integer> values) {
        this.ports = List.copyOf(Objects.requireNonNull(values, "ports"));
        return me();
    }

    /** Impair only this transport (with ports: those ports of it); unset: TCP and UDP. */
    public B protocol(Protocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        return me();
    }

    /** The agent's check of {@code FlowsPercent}, when set. */
    void checkFlowsPercent() {
        if (flowsPercent != null && (flowsPercent < 1 || flowsPercent > 100)) {
            throw AgentRules.invalid(flowsPercent, "flowsPercent");
        }
    }

    /** The agent's last targeting checks, in its order: Interface, the address counts, then Ports. */
    void checkInterfaceCountsAndPorts() {
        checkInterface();
        checkCounts();
        checkPorts();
    }

    /** The agent's checks of {@code Ports}, with its messages; it checks them after every other targeting field. */
    private void checkPorts() {
        if (ports.size() > MAX_PORTS) {
            throw AgentRules.invalid(ports.size() + " entries", "Ports", "at most " + MAX_PORTS + " ports");
        }
        Set<Integer> seen = new HashSet<>();
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw AgentRules.invalid(p, "Ports", "1-65535");
            }
            if (!seen.add(p)) {
                throw AgentRules.invalid(p, "Ports", "distinct ports");
            }
        }
    }

    /**
     * The finished body: the kind's own fields in {@code json}, then FlowsPercent and TrafficType when set, the
     * targeting and the ports.
     */
    Map<String, Object> body(LinkedHashMap<String, Object> json) {
        if (flowsPercent != null) {
            json.put("FlowsPercent", flowsPercent);
        }
        if (trafficType != null) {
            json.put("TrafficType", trafficType.wire());
        }
        putTargeting(json);
        putPorts(json);
        return frozen(json);
    }

    /** Ports and Protocol when set. */
    private void putPorts(Map<String, Object> json) {
        if (!ports.isEmpty()) {
            json.put("Ports", ports);
        }
        if (protocol != null) {
            json.put("Protocol", protocol.wire());
        }
    }
}
