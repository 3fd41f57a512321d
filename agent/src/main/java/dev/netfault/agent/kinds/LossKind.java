package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Packet loss ({@code POST /fault/v1/network-packet-loss/...}): random or burst, one at a time, widened by add-sources. */
public final class LossKind implements FaultKind<LossSpec> {

    @Override
    public String name() {
        return "loss";
    }

    @Override
    public String noun() {
        return "packet-loss";
    }

    @Override
    public Class<LossSpec> spec() {
        return LossSpec.class;
    }

    @Override
    public String route() {
        return "network-packet-loss";
    }

    @Override
    public Optional<String> exclusiveGroup() {
        return Optional.of(Kinds.NETEM_ROOT);
    }

    @Override
    public String alreadyRunning() {
        return "There is already one network packet loss fault running";
    }

    @Override
    public boolean addSources() {
        return true;
    }

    @Override
    public LossSpec withTargeting(LossSpec s, Targeting t) {
        return new LossSpec(s.lossPercent(), s.model(), s.meanBurstPackets(), t);
    }

    @Override
    public void writeJournal(LossSpec s, ObjectNode n) {
        n.put("lossPercent", s.lossPercent()).put("model", s.model().wire()).put("meanBurstPackets", s.meanBurstPackets());
    }

    @Override
    public LossSpec readJournal(JsonNode n, Targeting t) {
        return new LossSpec(JournalFields.required(n, "lossPercent").asInt(), LossModel.parse(JournalFields.text(n, "model")),
                JournalFields.required(n, "meanBurstPackets").asInt(), t);
    }

    @Override
    public Map<String, Object> parameters(LossSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LossPercent", s.lossPercent());
        if (s.model() == LossModel.BURST) {
            m.put("LossModel", s.model().wire());
            m.put("MeanBurstPackets", s.meanBurstPackets());
        }
        Views.targeting(m, s.targeting(), true);
        return m;
    }

    @Override
    public boolean onPlatform() {
        return true;
    }

    @Override
    public Map<String, Object> platformStart(LossSpec s, List<Cidr> platformExemptions) {
        Targeting t = s.targeting();
        PlatformBodies.refuseInterfaceAndIngress(t, "packet loss");
        if (s.model() == LossModel.BURST) {
            throw PlatformBodies.unsupported("LossModel: 'burst'", "burst loss");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("LossPercent", s.lossPercent());
        PlatformBodies.targets(body, t, platformExemptions);
        return body;
    }

    @Override
    public List<HealthSample> healthSamples() {
        Targeting egress = Targeting.all();
        return List.of(HealthSample.of("loss", LossSpec.random(10, egress)),
                HealthSample.platformLacks("loss-burst", new LossSpec(10, LossModel.BURST, 3, egress), "burst loss"),
                HealthSample.platformLacks("loss-ingress", LossSpec.random(10, egress.withDirection(Direction.INGRESS)),
                        "ingress packet loss"));
    }
}
