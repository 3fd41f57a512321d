package dev.netfault.agent.api;

import dev.netfault.agent.api.RequestBody.GoType;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /fault/v1/network-latency/start} body → {@link LatencySpec}. ECS fields: DelayMilliseconds,
 * JitterMilliseconds (both required, one non-zero), Sources (required), SourcesToFilter, FlowsPercent; extensions:
 * DurationSeconds, Interface, TrafficType, CorrelationPercent, Distribution, Ports, Protocol.
 */
public final class LatencyRequestMapper implements KindRequestMapper {

    static final String STRUCT = "NetworkLatencyRequest";

    /** The Go struct's fields and netfault's extensions, type-checked in document order before any validation. */
    static final Map<String, GoType> SCHEMA = Fields.withPortTargeting(Map.of("DelayMilliseconds", GoType.UINT64, "JitterMilliseconds",
            GoType.UINT64, "Sources", GoType.STRINGS, "SourcesToFilter", GoType.STRINGS, "FlowsPercent", GoType.INT,
            "DurationSeconds", GoType.UINT64, "CorrelationPercent", GoType.UINT64, "Distribution", GoType.STRING,
            "Interface", GoType.STRING, "TrafficType", GoType.STRING));

    private final List<Cidr> agentExemptions;
    private final boolean hostnames;

    public LatencyRequestMapper(List<Cidr> agentExemptions) {
        this(agentExemptions, true);
    }

    /** {@code hostnames}: whether DNS names in Sources are served (else they are invalid values, as for ECS). */
    public LatencyRequestMapper(List<Cidr> agentExemptions, boolean hostnames) {
        this.agentExemptions = List.copyOf(agentExemptions);
        this.hostnames = hostnames;
    }

    @Override
    public Class<LatencySpec> spec() {
        return LatencySpec.class;
    }

    @Override
    public FaultRequest map(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT, SCHEMA);
        Optional<Long> delay = body.uint("DelayMilliseconds", 64);
        Optional<Long> jitter = body.uint("JitterMilliseconds", 64);
        List<String> sources = body.strings("Sources");
        List<String> exempt = body.strings("SourcesToFilter");
        Optional<String> distribution = body.string("Distribution");

        long d = delay.orElseThrow(() -> Fields.missing("DelayMilliseconds"));
        long j = jitter.orElseThrow(() -> Fields.missing("JitterMilliseconds"));
        if (d == 0 && j == 0) {
            throw new IllegalArgumentException("required either DelayMilliseconds or JitterMilliseconds to be non-zero");
        }
        if (sources.isEmpty()) {
            throw Fields.missing("Sources");
        }
        Fields.Sources parsed = Fields.sources(sources, "Sources", hostnames);
        List<Cidr> targets = parsed.addresses();
        List<Cidr> exemptions = Fields.cidrs(exempt, "SourcesToFilter");
        int flows = Fields.flowsPercent(body);
        if (d > LatencySpec.MAX_DELAY_MS) {
            throw Fields.invalid(d, "DelayMilliseconds", "0-" + LatencySpec.MAX_DELAY_MS);
        }
        if (j > LatencySpec.MAX_DELAY_MS) {
            throw Fields.invalid(j, "JitterMilliseconds", "0-" + LatencySpec.MAX_DELAY_MS);
        }
        Optional<Duration> duration = Fields.duration(body);
        int correlation = Fields.ranged(body, "CorrelationPercent", 0, 100).orElse(0L).intValue();
        Distribution dist;
        try {
            dist = Distribution.parse(distribution.orElse(null));
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(distribution.orElse(""), "Distribution", "normal, pareto, paretonormal or uniform");
        }
        Optional<InterfaceName> iface = Fields.iface(body);
        Direction direction = Fields.optionalTrafficType(body);
        exemptions = Fields.exemptions(body, agentExemptions);
        Targeting targeting = Fields.portTargeting(body, new Targeting(targets, exemptions, iface, flows, direction));
        return new FaultRequest(new LatencySpec(d, j, correlation, dist, targeting), duration, parsed.hostnames());
    }
}
