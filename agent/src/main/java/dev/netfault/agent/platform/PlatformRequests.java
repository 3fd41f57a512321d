package dev.netfault.agent.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.util.LinkedHashMap;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Cidr> platformExemptions;

    public PlatformRequests(List<Cidr> platformExemptions) {
        this.platformExemptions = List.copyOf(platformExemptions);
    }

    /** The three requests of one fault. */
    public record Requests(PlatformRequest start, PlatformRequest stop, PlatformRequest status) {
    }

    /** The kind's start body ({@link FaultKind#platformStart}); stop and status name the fault by its key. */
    public Requests of(FaultSpec spec) {
        FaultKind<?> kind = Kinds.of(spec);
        String start = json(Kinds.platformStart(spec, platformExemptions));
        return requests(kind, start, control(kind, Kinds.instanceKey(spec).orElse(null)));
    }

    /** Stop and status of a kind by its ECS name: {@code latency}, {@code loss}, or a blackhole key like {@code egress-tcp-80}. */
    public static Requests control(String kind, String instanceKey) {
        FaultKind<?> k = Kinds.byName(kind).orElseThrow(() -> new IllegalArgumentException("kind: '" + kind
                + "' (expected: " + Kinds.names() + ")"));
        String body = control(k, instanceKey);
        return requests(k, body, body);
    }

    private static String control(FaultKind<?> kind, String instanceKey) {
        Map<String, Object> id = kind.platformControl(instanceKey);
        return id.isEmpty() ? "" : json(id);
    }

    private static Requests requests(FaultKind<?> kind, String startBody, String controlBody) {
        String base = base(kind);
        return new Requests(new PlatformRequest(base + "start", startBody), new PlatformRequest(base + "stop", controlBody),
                new PlatformRequest(base + "status", controlBody));
    }

    private static String base(FaultKind<?> kind) {
        return "/fault/v1/" + kind.route() + "/";
    }

    /** {@code add-sources} of a latency or loss fault: the ECS agent's body, at most 16 entries (the caller splits). */
    public static PlatformRequest addSources(String kind, List<String> sources, List<String> exemptions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Sources", sources);
        if (!exemptions.isEmpty()) {
            body.put("SourcesToFilter", exemptions);
        }
        return new PlatformRequest(base(Kinds.byName(kind).filter(FaultKind::addSources).orElseThrow(
                () -> new IllegalArgumentException("kind: '" + kind + "' (expected: one that serves add-sources)")))
                + "add-sources", json(body));
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write platform request: " + e.getMessage(), e);
        }
    }
}
