package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A port blackhole ({@code POST /fault/v1/network-blackhole-port/...}): several may run at once, each named by its
 * {@code <direction>-<protocol>-<port>} key, which its stop and status bodies carry.
 */
public final class BlackholeKind implements FaultKind<BlackholeSpec> {

    @Override
    public String name() {
        return "blackhole";
    }

    @Override
    public Class<BlackholeSpec> spec() {
        return BlackholeSpec.class;
    }

    @Override
    public String route() {
        return "network-blackhole-port";
    }

    @Override
    public Optional<String> instanceKey(BlackholeSpec s) {
        return Optional.of(s.key());
    }

    @Override
    public boolean keyed() {
        return true;
    }

    @Override
    public BlackholeSpec withTargeting(BlackholeSpec s, Targeting t) {
        return new BlackholeSpec(s.port(), s.protocol(), s.direction(), t);
    }

    @Override
    public void writeJournal(BlackholeSpec s, ObjectNode n) {
        n.put("port", s.port()).put("protocol", s.protocol().wire()).put("direction", s.direction().wire());
    }

    @Override
    public BlackholeSpec readJournal(JsonNode n, Targeting t) {
        return new BlackholeSpec(JournalFields.required(n, "port").asInt(),
                Protocol.parse("protocol", JournalFields.text(n, "protocol")),
                Direction.parse("direction", JournalFields.text(n, "direction")), t);
    }

    @Override
    public Map<String, Object> parameters(BlackholeSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Port", s.port());
        m.put("Protocol", s.protocol().wire());
        Views.targeting(m, s.targeting(), false);
        return m;
    }

    @Override
    public boolean onPlatform() {
        return true;
    }

    @Override
    public Map<String, Object> platformStart(BlackholeSpec s, List<Cidr> platformExemptions) {
        Targeting t = s.targeting();
        PlatformBodies.refuseInterface(t);
        if (!t.sources().isEmpty()) {
            throw PlatformBodies.unsupported("Sources on a blackhole", "Sources for blackholes; use SourcesToFilter");
        }
        Map<String, Object> body = new LinkedHashMap<>(platformControl(s.key()));
        PlatformBodies.exemptions(body, t, platformExemptions);
        return body;
    }

    /** Port, Protocol, TrafficType from the key {@code <direction>-<protocol>-<port>}. */
    @Override
    public Map<String, Object> platformControl(String key) {
        String[] k = key.split("-");
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("Port", Integer.parseInt(k[2]));
        id.put("Protocol", k[1]);
        id.put("TrafficType", k[0]);
        return id;
    }

    @Override
    public List<HealthSample> healthSamples() {
        Targeting egress = Targeting.all();
        return List.of(HealthSample.of("blackhole", new BlackholeSpec(80, Protocol.TCP, Direction.EGRESS, egress)),
                HealthSample.of("blackhole-ingress", new BlackholeSpec(80, Protocol.TCP, Direction.INGRESS,
                        egress.withDirection(Direction.INGRESS))));
    }
}
