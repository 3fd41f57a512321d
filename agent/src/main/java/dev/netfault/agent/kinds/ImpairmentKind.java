package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Combined impairment ({@code POST /fault/v1/network-impairment/...}): delay, jitter, loss, corruption, duplication and
 * reordering in one netem. It is the netem root latency and packet loss use, so it excludes them and they it. A
 * netfault extension: the ECS agent's endpoints have no such fault, so platform mode refuses it (400), forwarding
 * nothing.
 */
public final class ImpairmentKind implements FaultKind<ImpairmentSpec> {

    static final String PLATFORM_REFUSAL = "network-impairment is a netfault extension; not supported in platform mode"
            + " (the ECS agent's endpoints have no impairment fault)";

    @Override
    public String name() {
        return "impairment";
    }

    @Override
    public Class<ImpairmentSpec> spec() {
        return ImpairmentSpec.class;
    }

    @Override
    public String route() {
        return "network-impairment";
    }

    @Override
    public Optional<String> exclusiveGroup() {
        return Optional.of(Kinds.NETEM_ROOT);
    }

    @Override
    public String alreadyRunning() {
        return "There is already one network impairment fault running";
    }

    /** Every packet is held back only when there is a delay; duplication or corruption alone delays nothing. */
    @Override
    public boolean delays() {
        return false;
    }

    @Override
    public ImpairmentSpec withTargeting(ImpairmentSpec s, Targeting t) {
        return new ImpairmentSpec(s.delayMs(), s.jitterMs(), s.correlationPercent(), s.distribution(), s.lossPercent(),
                s.lossModel(), s.meanBurstPackets(), s.corruptPercent(), s.duplicatePercent(), s.reorderPercent(), t);
    }

    @Override
    public void writeJournal(ImpairmentSpec s, ObjectNode n) {
        n.put("delayMs", s.delayMs()).put("jitterMs", s.jitterMs()).put("correlationPercent", s.correlationPercent())
                .put("distribution", s.distribution().wire()).put("lossPercent", s.lossPercent())
                .put("lossModel", s.lossModel().wire()).put("meanBurstPackets", s.meanBurstPackets())
                .put("corruptPercent", s.corruptPercent()).put("duplicatePercent", s.duplicatePercent())
                .put("reorderPercent", s.reorderPercent());
    }

    @Override
    public ImpairmentSpec readJournal(JsonNode n, Targeting t) {
        String dist = JournalFields.text(n, "distribution");
        Distribution d = "none".equals(dist) ? Distribution.NONE : Distribution.parse(dist);
        return new ImpairmentSpec(JournalFields.required(n, "delayMs").asLong(), JournalFields.required(n, "jitterMs").asLong(),
                integer(n, "correlationPercent"), d, integer(n, "lossPercent"),
                LossModel.parse(JournalFields.text(n, "lossModel")), integer(n, "meanBurstPackets"),
                integer(n, "corruptPercent"), integer(n, "duplicatePercent"), integer(n, "reorderPercent"), t);
    }

    private static int integer(JsonNode n, String field) {
        return JournalFields.required(n, field).asInt();
    }

    /** The non-zero impairments only, in the body's names, so the view can be sent again as a start body. */
    @Override
    public Map<String, Object> parameters(ImpairmentSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        putNonZero(m, "DelayMilliseconds", s.delayMs());
        putNonZero(m, "JitterMilliseconds", s.jitterMs());
        putNonZero(m, "CorrelationPercent", s.correlationPercent());
        if (s.distribution() != Distribution.NONE) {
            m.put("Distribution", s.distribution().wire());
        }
        putNonZero(m, "LossPercent", s.lossPercent());
        if (s.lossModel() == LossModel.BURST) {
            m.put("LossModel", s.lossModel().wire());
            m.put("MeanBurstPackets", s.meanBurstPackets());
        }
        putNonZero(m, "CorruptPercent", s.corruptPercent());
        putNonZero(m, "DuplicatePercent", s.duplicatePercent());
        putNonZero(m, "ReorderPercent", s.reorderPercent());
        Views.targeting(m, s.targeting(), true);
        return m;
    }

    private static void putNonZero(Map<String, Object> m, String field, long value) {
        if (value != 0) {
            m.put(field, value);
        }
    }

    /** Platform mode forwards nothing: the ECS agent has no such endpoint. */
    @Override
    public Map<String, Object> platformStart(ImpairmentSpec s, List<Cidr> platformExemptions) {
        throw new UnsupportedFaultException(PLATFORM_REFUSAL);
    }

    /**
     * Every netem feature at once (delay, jitter, burst loss, corruption, duplication, reordering), so health and
     * {@code doctor} say whether the whole kind works here, egress and ingress.
     */
    @Override
    public List<HealthSample> healthSamples() {
        Targeting egress = Targeting.all();
        return List.of(HealthSample.of("impairment", sample(egress)),
                HealthSample.of("impairment-ingress", sample(egress.withDirection(Direction.INGRESS))));
    }

    private static ImpairmentSpec sample(Targeting t) {
        return new ImpairmentSpec(50, 5, 0, Distribution.NONE, 2, LossModel.BURST, 3, 1, 1, 1, t);
    }
}
