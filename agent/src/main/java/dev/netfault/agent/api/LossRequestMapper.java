package dev.netfault.agent.api;

import dev.netfault.agent.api.RequestBody.GoType;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /fault/v1/network-packet-loss/start} body → {@link LossSpec}. ECS fields: LossPercent (1-100, required),
 * Sources (required), SourcesToFilter, FlowsPercent; extensions: DurationSeconds, Interface, TrafficType, LossModel
 * ({@code random} or {@code burst}), MeanBurstPackets (burst only, 1-1000), Ports, Protocol.
 */
public final class LossRequestMapper implements KindRequestMapper {

    static final String STRUCT = "NetworkPacketLossRequest";

    /** The Go struct's fields and netfault's extensions, type-checked in document order before any validation. */
    static final Map<String, GoType> SCHEMA = Fields.withPortTargeting(Map.of("LossPercent", GoType.UINT64,
            "Sources", GoType.STRINGS, "SourcesToFilter", GoType.STRINGS, "FlowsPercent", GoType.INT, "DurationSeconds", GoType.UINT64,
            "MeanBurstPackets", GoType.UINT64, "LossModel", GoType.STRING, "Interface", GoType.STRING,
            "TrafficType", GoType.STRING));

    private final List<Cidr> agentExemptions;
    private final boolean hostnames;

    public LossRequestMapper(List<Cidr> agentExemptions) {
        this(agentExemptions, true);
    }

    /** {@code hostnames}: whether DNS names in Sources are served (else they are invalid values, as for ECS). */
    public LossRequestMapper(List<Cidr> agentExemptions, boolean hostnames) {
        this.agentExemptions = List.copyOf(agentExemptions);
        this.hostnames = hostnames;
    }

    @Override
    public Class<LossSpec> spec() {
        return LossSpec.class;
    }

    @Override
    public FaultRequest map(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT, SCHEMA);
        Optional<BigInteger> percent = body.uint64("LossPercent");
        List<String> sources = body.strings("Sources");
        List<String> exempt = body.strings("SourcesToFilter");
        Optional<String> model = body.string("LossModel");

        BigInteger raw = percent.orElseThrow(() -> Fields.missing("LossPercent"));
        if (raw.signum() == 0 || raw.compareTo(BigInteger.valueOf(100)) > 0) {
            throw Fields.invalid(raw.longValue(), "LossPercent"); // Go prints int(v): beyond 2^63 wraps negative
        }
        long p = raw.longValue();
        if (sources.isEmpty()) {
            throw Fields.missing("Sources");
        }
        Fields.Sources parsed = Fields.sources(sources, "Sources", hostnames);
        List<Cidr> targets = parsed.addresses();
        Fields.cidrs(exempt, "SourcesToFilter");
        int flows = Fields.flowsPercent(body);
        var duration = Fields.duration(body);
        LossModel lossModel;
        try {
            lossModel = LossModel.parse(model.orElse(null));
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(model.orElse(""), "LossModel", "random or burst");
        }
        Optional<Long> burst = body.uint("MeanBurstPackets", 64);
        int meanBurst = 0;
        if (lossModel == LossModel.BURST) {
            long b = burst.orElseThrow(() -> Fields.missing("MeanBurstPackets"));
            if (b < 1 || b > LossSpec.MAX_BURST) {
                throw Fields.invalid(b, "MeanBurstPackets", "1-" + LossSpec.MAX_BURST);
            }
            if (p == 100) {
                throw Fields.invalid(p, "LossPercent", "1-99 with LossModel burst");
            }
            meanBurst = (int) b;
        } else if (burst.isPresent() && burst.get() > 1) {
            throw Fields.invalid(burst.get(), "MeanBurstPackets", "only with LossModel burst");
        }
        Targeting targeting = Fields.portTargeting(body, new Targeting(targets, Fields.exemptions(body, agentExemptions),
                Fields.iface(body), flows, Fields.optionalTrafficType(body)));
        return new FaultRequest(new LossSpec((int) p, lossModel, meanBurst, targeting), duration, parsed.hostnames());
    }
}
