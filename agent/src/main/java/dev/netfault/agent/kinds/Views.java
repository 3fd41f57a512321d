package dev.netfault.agent.kinds;

import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Map;

/** The targeting part of a fault's {@code parameters} view, in the ECS bodies' field names. */
public final class Views {

    private Views() {
    }

    /**
     * TrafficType, Sources, SourcesToFilter, FlowsPercent (when {@code flows}: the kind has the field), Interface, and
     * Ports and Protocol when the fault is targeted by port.
     */
    public static void targeting(Map<String, Object> m, Targeting t, boolean flows) {
        m.put("TrafficType", t.direction().wire());
        m.put("Sources", strings(t.sources()));
        m.put("SourcesToFilter", strings(t.exemptions()));
        if (flows) {
            m.put("FlowsPercent", t.flowsPercent());
        }
        t.iface().ifPresent(i -> m.put("Interface", i.value()));
        if (!t.ports().isEmpty()) {
            m.put("Ports", t.ports());
        }
        t.protocol().ifPresent(p -> m.put("Protocol", p.wire()));
    }

    private static List<String> strings(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::toString).toList();
    }
}
