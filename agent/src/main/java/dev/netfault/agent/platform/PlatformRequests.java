package dev.netfault.agent.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns a fault spec into exactly the requests the ECS agent accepts, with its field names and nothing else, or refuses
 * an option the platform cannot enforce with a message saying so (never silently dropped):
 * {@code Interface: 'eth1' is not supported in platform mode (the ECS agent's endpoints have no Interface)}.
 *
 * <p>{@code platformExemptions} (the platform's own address when it is not loopback) are added to every
 * {@code SourcesToFilter}, so no fault cuts the sidecar off the endpoints that must stop it.
 */
public final class PlatformRequests {

    static final String LATENCY = "/fault/v1/network-latency/";
    static final String LOSS = "/fault/v1/network-packet-loss/";
    static final String BLACKHOLE = "/fault/v1/network-blackhole-port/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Cidr> platformExemptions;

    public PlatformRequests(List<Cidr> platformExemptions) {
        this.platformExemptions = List.copyOf(platformExemptions);
    }

    /** The three requests of one fault. */
    public record Requests(PlatformRequest start, PlatformRequest stop, PlatformRequest status) {
    }

    public Requests of(FaultSpec spec) {
        if (spec instanceof LatencySpec l) {
            return latency(l);
        }
        if (spec instanceof LossSpec l) {
            return loss(l);
        }
        if (spec instanceof BlackholeSpec b) {
            return blackhole(b);
        }
        throw new UnsupportedFaultException(spec.kind() + ": not supported in platform mode (the ECS agent's endpoints have no "
                + spec.kind() + " fault)");
    }

    /** Stop and status of a kind by its ECS name: {@code latency}, {@code loss}, or a blackhole key like {@code egress-tcp-80}. */
    public static Requests control(String kind, String blackholeKey) {
        if (kind.equals("latency")) {
            return noBody(LATENCY, "");
        }
        if (kind.equals("loss")) {
            return noBody(LOSS, "");
        }
        String[] k = blackholeKey.split("-");
        Map<String, Object> id = identity(Integer.parseInt(k[2]), k[1], k[0]);
        return new Requests(new PlatformRequest(BLACKHOLE + "start", json(id)), new PlatformRequest(BLACKHOLE + "stop", json(id)),
                new PlatformRequest(BLACKHOLE + "status", json(id)));
    }

    private Requests latency(LatencySpec s) {
        Targeting t = s.targeting();
        refuseCommon(t, "latency");
        if (s.correlationPercent() != 0) {
            throw unsupported("CorrelationPercent: " + s.correlationPercent(), "CorrelationPercent");
        }
        if (s.distribution() != Distribution.NONE) {
            throw unsupported("Distribution: '" + s.distribution().wire() + "'", "Distribution");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("DelayMilliseconds", s.delayMs());
        body.put("JitterMilliseconds", s.jitterMs());
        targets(body, t);
        return noBody(LATENCY, json(body));
    }

    private Requests loss(LossSpec s) {
        Targeting t = s.targeting();
        refuseCommon(t, "packet loss");
        if (s.model() == LossModel.BURST) {
            throw unsupported("LossModel: 'burst'", "burst loss");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("LossPercent", s.lossPercent());
        targets(body, t);
        return noBody(LOSS, json(body));
    }

    private Requests blackhole(BlackholeSpec s) {
        Targeting t = s.targeting();
        t.iface().ifPresent(i -> {
            throw unsupported("Interface: '" + i + "'", "Interface");
        });
        if (!t.sources().isEmpty()) {
            throw unsupported("Sources on a blackhole", "Sources for blackholes; use SourcesToFilter");
        }
        Map<String, Object> id = identity(s.port(), s.protocol().wire(), s.direction().wire());
        Map<String, Object> body = new LinkedHashMap<>(id);
        List<String> exempt = exemptions(t);
        if (!exempt.isEmpty()) {
            body.put("SourcesToFilter", exempt);
        }
        return new Requests(new PlatformRequest(BLACKHOLE + "start", json(body)), new PlatformRequest(BLACKHOLE + "stop", json(id)),
                new PlatformRequest(BLACKHOLE + "status", json(id)));
    }

    private static void refuseCommon(Targeting t, String what) {
        t.iface().ifPresent(i -> {
            throw unsupported("Interface: '" + i + "'", "Interface");
        });
        if (t.direction() == Direction.INGRESS) {
            throw unsupported("TrafficType: 'ingress'", "ingress " + what);
        }
    }

    private void targets(Map<String, Object> body, Targeting t) {
        List<String> sources = t.sources().isEmpty() ? List.of("0.0.0.0/0")
                : t.sources().stream().map(Cidr::toString).toList();
        body.put("Sources", sources);
        List<String> exempt = exemptions(t);
        if (!exempt.isEmpty()) {
            body.put("SourcesToFilter", exempt);
        }
        if (t.flowsPercent() != 100) {
            body.put("FlowsPercent", t.flowsPercent());
        }
    }

    private List<String> exemptions(Targeting t) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        t.exemptions().forEach(c -> all.add(c.toString()));
        platformExemptions.forEach(c -> all.add(c.toString()));
        return new ArrayList<>(all);
    }

    private static Map<String, Object> identity(int port, String protocol, String trafficType) {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("Port", port);
        id.put("Protocol", protocol);
        id.put("TrafficType", trafficType);
        return id;
    }

    private static Requests noBody(String base, String startBody) {
        return new Requests(new PlatformRequest(base + "start", startBody), new PlatformRequest(base + "stop", ""),
                new PlatformRequest(base + "status", ""));
    }

    /** {@code add-sources} of a latency or loss fault: the ECS agent's body, at most 16 entries (the caller splits). */
    public static PlatformRequest addSources(String kind, List<String> sources, List<String> exemptions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Sources", sources);
        if (!exemptions.isEmpty()) {
            body.put("SourcesToFilter", exemptions);
        }
        return new PlatformRequest((kind.equals("latency") ? LATENCY : LOSS) + "add-sources", json(body));
    }

    static UnsupportedFaultException unsupported(String what, String missing) {
        return new UnsupportedFaultException(what + " is not supported in platform mode (the ECS agent's endpoints have no "
                + missing + ")");
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write platform request: " + e.getMessage(), e);
        }
    }
}
