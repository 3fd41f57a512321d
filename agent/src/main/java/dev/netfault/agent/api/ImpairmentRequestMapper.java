package dev.netfault.agent.api;

import static java.util.Map.entry;

import dev.netfault.agent.api.RequestBody.GoType;
import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /fault/v1/network-impairment/start} body → {@link ImpairmentSpec} (a netfault extension: the ECS agent
 * has no such endpoint). Impairments, all optional, at least one non-zero: DelayMilliseconds, JitterMilliseconds
 * (0-60000), CorrelationPercent, Distribution, LossPercent, LossModel, MeanBurstPackets, CorruptPercent,
 * DuplicatePercent, ReorderPercent (0-100; reordering needs a delay). Targeting as latency's: Sources (required, DNS
 * names served as latency serves them), SourcesToFilter, FlowsPercent, Interface, TrafficType, DurationSeconds, and the
 * port targeting extensions Ports and Protocol.
 * Types are decoded as Go would decode them into such a struct; values are then checked in the spec's words
 * ({@code ReorderPercent: 10 (expected: a non-zero DelayMilliseconds; ...)}).
 */
public final class ImpairmentRequestMapper implements KindRequestMapper {

    static final String STRUCT = "NetworkImpairmentRequest";

    /** The fields, type-checked in document order before any validation. */
    static final Map<String, GoType> SCHEMA = Fields.withPortTargeting(Map.ofEntries(entry("DelayMilliseconds", GoType.UINT64),
            entry("JitterMilliseconds", GoType.UINT64), entry("CorrelationPercent", GoType.UINT64),
            entry("Distribution", GoType.STRING), entry("LossPercent", GoType.UINT64), entry("LossModel", GoType.STRING),
            entry("MeanBurstPackets", GoType.UINT64), entry("CorruptPercent", GoType.UINT64),
            entry("DuplicatePercent", GoType.UINT64), entry("ReorderPercent", GoType.UINT64),
            entry("Sources", GoType.STRINGS), entry("SourcesToFilter", GoType.STRINGS), entry("FlowsPercent", GoType.INT),
            entry("DurationSeconds", GoType.UINT64), entry("Interface", GoType.STRING), entry("TrafficType", GoType.STRING)));

    private final List<Cidr> agentExemptions;
    private final boolean hostnames;

    public ImpairmentRequestMapper(List<Cidr> agentExemptions) {
        this(agentExemptions, true);
    }

    /** {@code hostnames}: whether DNS names in Sources are served (else they are invalid values). */
    public ImpairmentRequestMapper(List<Cidr> agentExemptions, boolean hostnames) {
        this.agentExemptions = List.copyOf(agentExemptions);
        this.hostnames = hostnames;
    }

    @Override
    public Class<ImpairmentSpec> spec() {
        return ImpairmentSpec.class;
    }

    @Override
    public FaultRequest map(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT, SCHEMA);
        long delay = ranged(body, "DelayMilliseconds", LatencySpec.MAX_DELAY_MS);
        long jitter = ranged(body, "JitterMilliseconds", LatencySpec.MAX_DELAY_MS);
        int correlation = (int) ranged(body, "CorrelationPercent", 100);
        Distribution distribution = distribution(body.string("Distribution"));
        int loss = (int) ranged(body, "LossPercent", 100);
        LossModel model = lossModel(body.string("LossModel"));
        int meanBurst = (int) ranged(body, "MeanBurstPackets", LossSpec.MAX_BURST);
        if (model == LossModel.BURST && loss > 0 && meanBurst == 0) {
            throw new IllegalArgumentException("MeanBurstPackets: " + (body.has("MeanBurstPackets") ? "0" : "missing")
                    + " (expected: 1-" + LossSpec.MAX_BURST + " with LossModel burst)");
        }
        if (model != LossModel.BURST && loss > 0 && meanBurst != 0) {
            throw new IllegalArgumentException("MeanBurstPackets: " + meanBurst + " (expected: only with LossModel burst)");
        }
        if (model == LossModel.BURST && loss == 100) {
            throw new IllegalArgumentException("LossPercent: 100 (expected: 1-99 with LossModel burst; use random for 100)");
        }
        int corrupt = (int) ranged(body, "CorruptPercent", 100);
        int duplicate = (int) ranged(body, "DuplicatePercent", 100);
        int reorder = (int) ranged(body, "ReorderPercent", 100);

        List<String> sources = body.strings("Sources");
        if (sources.isEmpty()) {
            throw Fields.missing("Sources");
        }
        Fields.Sources parsed = Fields.sources(sources, "Sources", hostnames);
        int flows = Fields.flowsPercent(body);
        var duration = Fields.duration(body);
        Targeting targeting = Fields.portTargeting(body, new Targeting(parsed.addresses(),
                Fields.exemptions(body, agentExemptions), Fields.iface(body), flows, Fields.optionalTrafficType(body)));
        ImpairmentSpec spec = new ImpairmentSpec(delay, jitter, correlation, distribution, loss, model, meanBurst,
                corrupt, duplicate, reorder, targeting);
        return new FaultRequest(spec, duration, parsed.hostnames());
    }

    /** An optional unsigned field, 0 when absent, within 0..max: {@code CorruptPercent: 200 (expected: 0-100)}. */
    private static long ranged(RequestBody body, String field, long max) {
        Optional<BigInteger> v = body.uint64(field);
        if (v.isPresent() && v.get().compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(field + ": " + v.get() + " (expected: 0-" + max + ")");
        }
        return v.map(BigInteger::longValue).orElse(0L);
    }

    private static Distribution distribution(Optional<String> text) {
        try {
            return Distribution.parse(text.orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Distribution: '" + Fields.echo(text.orElse(""))
                    + "' (expected: normal, pareto, paretonormal or uniform)");
        }
    }

    private static LossModel lossModel(Optional<String> text) {
        try {
            return LossModel.parse(text.orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LossModel: '" + Fields.echo(text.orElse("")) + "' (expected: random or burst)");
        }
    }
}
