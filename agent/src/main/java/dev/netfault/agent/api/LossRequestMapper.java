package dev.netfault.agent.api;

import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /fault/v1/network-packet-loss/start} body → {@link LossSpec}. ECS fields: LossPercent (1-100, required),
 * Sources (required), SourcesToFilter, FlowsPercent; extensions: DurationSeconds, Interface, TrafficType, LossModel
 * ({@code random} or {@code burst}), MeanBurstPackets (burst only, 1-1000).
 */
public final class LossRequestMapper {

    static final String STRUCT = "NetworkPacketLossRequest";

    private final List<Cidr> agentExemptions;

    public LossRequestMapper(List<Cidr> agentExemptions) {
        this.agentExemptions = List.copyOf(agentExemptions);
    }

    public FaultRequest map(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT);
        Optional<Long> percent = body.uint("LossPercent", 64);
        List<String> sources = body.strings("Sources");
        List<String> exempt = body.strings("SourcesToFilter");
        body.uint("FlowsPercent", 64);
        body.uint("DurationSeconds", 64);
        body.uint("MeanBurstPackets", 64);
        Optional<String> model = body.string("LossModel");
        body.string("Interface");
        body.string("TrafficType");

        long p = percent.orElseThrow(() -> Fields.missing("LossPercent"));
        if (p < 1 || p > 100) {
            throw Fields.invalid(p, "LossPercent");
        }
        if (sources.isEmpty()) {
            throw Fields.missing("Sources");
        }
        Fields.Sources parsed = Fields.sources(sources, "Sources");
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
        Targeting targeting = new Targeting(targets, Fields.exemptions(body, agentExemptions), Fields.iface(body), flows,
                Fields.optionalTrafficType(body));
        return new FaultRequest(new LossSpec((int) p, lossModel, meanBurst, targeting), duration, parsed.hostnames());
    }
}
