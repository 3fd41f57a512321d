package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bandwidth limit ({@code POST /fault/v1/network-bandwidth/...}), a netfault extension: tbf on an ifb, never the
 * root qdisc, so it runs beside one latency, loss or impairment fault; one bandwidth limit per namespace at a time (its
 * own exclusive group). Platform mode has no such endpoint.
 */
public final class BandwidthKind implements FaultKind<BandwidthSpec> {

    /** The exclusive group of bandwidth limits: one per namespace, whatever the latency/loss root holds. */
    public static final String GROUP = "bandwidth";

    @Override
    public String name() {
        return "bandwidth";
    }

    @Override
    public Class<BandwidthSpec> spec() {
        return BandwidthSpec.class;
    }

    @Override
    public String route() {
        return "network-bandwidth";
    }

    @Override
    public Optional<String> exclusiveGroup() {
        return Optional.of(GROUP);
    }

    @Override
    public String alreadyRunning() {
        return "There is already one network bandwidth fault running";
    }

    @Override
    public BandwidthSpec withTargeting(BandwidthSpec s, Targeting t) {
        return new BandwidthSpec(s.rateKbit(), s.burstKbytes(), t);
    }

    @Override
    public void writeJournal(BandwidthSpec s, ObjectNode n) {
        n.put("rateKbit", s.rateKbit()).put("burstKbytes", s.burstKbytes());
    }

    @Override
    public BandwidthSpec readJournal(JsonNode n, Targeting t) {
        return new BandwidthSpec(JournalFields.required(n, "rateKbit").asLong(),
                JournalFields.required(n, "burstKbytes").asLong(), t);
    }

    @Override
    public Map<String, Object> parameters(BandwidthSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RateKilobitsPerSecond", s.rateKbit());
        if (s.burstKbytes() != 0) {
            m.put("BurstKilobytes", s.burstKbytes());
        }
        Views.targeting(m, s.targeting(), false);
        return m;
    }

    @Override
    public Map<String, Object> platformStart(BandwidthSpec s, List<Cidr> platformExemptions) {
        throw new UnsupportedFaultException(PLATFORM_REFUSAL);
    }

    /** Platform mode's answer to a bandwidth start (400), before anything is forwarded. */
    public static final String PLATFORM_REFUSAL = "network-bandwidth is a netfault extension; not supported in platform mode"
            + " (the ECS agent's endpoints have no bandwidth fault)";

    @Override
    public List<HealthSample> healthSamples() {
        Targeting egress = Targeting.all();
        // platform mode reports both as the kind its endpoints lack (PlatformHealth), as for every kind not onPlatform()
        return List.of(HealthSample.of("bandwidth", new BandwidthSpec(2_000, 0, egress)),
                HealthSample.of("bandwidth-ingress", new BandwidthSpec(2_000, 0, egress.withDirection(Direction.INGRESS))));
    }
}
