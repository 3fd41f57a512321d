package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Network latency ({@code POST /fault/v1/network-latency/...}): netem delay, one at a time, widened by add-sources. */
public final class LatencyKind implements FaultKind<LatencySpec> {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public Class<LatencySpec> spec() {
        return LatencySpec.class;
    }

    @Override
    public String route() {
        return "network-latency";
    }

    @Override
    public Optional<String> exclusiveGroup() {
        return Optional.of(Kinds.NETEM_ROOT);
    }

    @Override
    public String alreadyRunning() {
        return "There is already one network latency fault running";
    }

    @Override
    public boolean addSources() {
        return true;
    }

    @Override
    public boolean delays() {
        return true;
    }

    @Override
    public LatencySpec withTargeting(LatencySpec s, Targeting t) {
        return new LatencySpec(s.delayMs(), s.jitterMs(), s.correlationPercent(), s.distribution(), t);
    }

    @Override
    public void writeJournal(LatencySpec s, ObjectNode n) {
        n.put("delayMs", s.delayMs()).put("jitterMs", s.jitterMs()).put("correlationPercent", s.correlationPercent())
                .put("distribution", s.distribution().wire());
    }

    @Override
    public LatencySpec readJournal(JsonNode n, Targeting t) {
        String dist = JournalFields.text(n, "distribution");
        Distribution d = "none".equals(dist) ? Distribution.NONE : Distribution.parse(dist);
        return new LatencySpec(JournalFields.required(n, "delayMs").asLong(), JournalFields.required(n, "jitterMs").asLong(),
                JournalFields.required(n, "correlationPercent").asInt(), d, t);
    }

    @Override
    public Map<String, Object> parameters(LatencySpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("DelayMilliseconds", s.delayMs());
        m.put("JitterMilliseconds", s.jitterMs());
        if (s.correlationPercent() != 0) {
            m.put("CorrelationPercent", s.correlationPercent());
        }
        if (s.distribution() != Distribution.NONE) {
            m.put("Distribution", s.distribution().wire());
        }
        Views.targeting(m, s.targeting(), true);
        return m;
    }

    @Override
    public boolean onPlatform() {
        return true;
    }

    @Override
    public Map<String, Object> platformStart(LatencySpec s, List<Cidr> platformExemptions) {
        Targeting t = s.targeting();
        PlatformBodies.refuseInterfaceAndIngress(t, "latency");
        if (s.correlationPercent() != 0) {
            throw PlatformBodies.unsupported("CorrelationPercent: " + s.correlationPercent(), "CorrelationPercent");
        }
        if (s.distribution() != Distribution.NONE) {
            throw PlatformBodies.unsupported("Distribution: '" + s.distribution().wire() + "'", "Distribution");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("DelayMilliseconds", s.delayMs());
        body.put("JitterMilliseconds", s.jitterMs());
        PlatformBodies.targets(body, t, platformExemptions);
        return body;
    }

    @Override
    public List<HealthSample> healthSamples() {
        Targeting egress = Targeting.all();
        return List.of(HealthSample.of("latency", new LatencySpec(100, 0, 0, Distribution.NONE, egress)),
                HealthSample.platformLacks("latency-ingress",
                        new LatencySpec(100, 0, 0, Distribution.NONE, egress.withDirection(Direction.INGRESS)), "ingress latency"));
    }
}
