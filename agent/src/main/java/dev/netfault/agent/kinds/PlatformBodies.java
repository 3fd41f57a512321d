package dev.netfault.agent.kinds;

import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The parts of platform-mode start bodies the kinds share: the ECS targeting fields, and refusing what the ECS
 * agent's endpoints cannot enforce, in one wording:
 * {@code Interface: 'eth1' is not supported in platform mode (the ECS agent's endpoints have no Interface)}.
 */
public final class PlatformBodies {

    private PlatformBodies() {
    }

    /** Refuses an Interface, ingress and port targeting: the ECS latency and loss endpoints have none ({@code what}: the fault). */
    public static void refuseInterfaceAndIngress(Targeting t, String what) {
        refusePorts(t);
        refuseInterface(t);
        if (t.direction() == Direction.INGRESS) {
            throw unsupported("TrafficType: 'ingress'", "ingress " + what);
        }
    }

    /**
     * Refuses Ports and Protocol, which no platform endpoint has:
     * {@code Ports and Protocol are netfault extensions; the platform's fault endpoints cannot target by port (Ports: [9001], Protocol: 'udp')}.
     */
    public static void refusePorts(Targeting t) {
        if (!t.byTransport()) {
            return;
        }
        List<String> given = new ArrayList<>();
        if (!t.ports().isEmpty()) {
            given.add("Ports: " + t.ports());
        }
        t.protocol().ifPresent(p -> given.add("Protocol: '" + p.wire() + "'"));
        throw new UnsupportedFaultException("Ports and Protocol are netfault extensions; the platform's fault endpoints"
                + " cannot target by port (" + String.join(", ", given) + ")");
    }

    public static void refuseInterface(Targeting t) {
        t.iface().ifPresent(i -> {
            throw unsupported("Interface: '" + i + "'", "Interface");
        });
    }

    /** Sources (every address when none), SourcesToFilter with the platform's own, FlowsPercent unless 100. */
    public static void targets(Map<String, Object> body, Targeting t, List<Cidr> platformExemptions) {
        List<String> sources = t.sources().isEmpty() ? List.of("0.0.0.0/0")
                : t.sources().stream().map(Cidr::toString).toList();
        body.put("Sources", sources);
        exemptions(body, t, platformExemptions);
        if (t.flowsPercent() != 100) {
            body.put("FlowsPercent", t.flowsPercent());
        }
    }

    /** SourcesToFilter: the fault's exemptions then the platform's own, when there are any. */
    public static void exemptions(Map<String, Object> body, Targeting t, List<Cidr> platformExemptions) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        t.exemptions().forEach(c -> all.add(c.toString()));
        platformExemptions.forEach(c -> all.add(c.toString()));
        if (!all.isEmpty()) {
            body.put("SourcesToFilter", new ArrayList<>(all));
        }
    }

    public static UnsupportedFaultException unsupported(String what, String missing) {
        return new UnsupportedFaultException(what + " is not supported in platform mode (the ECS agent's endpoints have no "
                + missing + ")");
    }
}
