package dev.netfault.agent.api;

import dev.netfault.agent.api.RequestBody.GoType;
import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /fault/v1/network-bandwidth/start} body → {@link BandwidthSpec}, a netfault extension with the ECS
 * bodies' conventions: RateKilobitsPerSecond (required, 8-10,000,000), BurstKilobytes (1-1,000,000; omitted: what
 * the rate needs), Sources (omitted: every address; DNS names as for latency), SourcesToFilter, FlowsPercent (only
 * 100), Ports, Protocol, TrafficType ({@code egress} default or {@code ingress}), Interface, DurationSeconds.
 * {@code RateKilobitsPerSecond: 0 (expected: 8-10000000)}
 */
public final class BandwidthRequestMapper implements KindRequestMapper {

    static final String STRUCT = "NetworkBandwidthRequest";

    static final Map<String, GoType> SCHEMA = schema();

    private final List<Cidr> agentExemptions;
    private final boolean hostnames;

    public BandwidthRequestMapper(List<Cidr> agentExemptions) {
        this(agentExemptions, true);
    }

    /** {@code hostnames}: whether DNS names in Sources are served (else they are invalid values). */
    public BandwidthRequestMapper(List<Cidr> agentExemptions, boolean hostnames) {
        this.agentExemptions = List.copyOf(agentExemptions);
        this.hostnames = hostnames;
    }

    private static Map<String, GoType> schema() {
        Map<String, GoType> m = new HashMap<>(Map.of("RateKilobitsPerSecond", GoType.UINT64, "BurstKilobytes", GoType.UINT64,
                "Sources", GoType.STRINGS, "SourcesToFilter", GoType.STRINGS, "FlowsPercent", GoType.INT,
                "DurationSeconds", GoType.UINT64, "Interface", GoType.STRING, "TrafficType", GoType.STRING));
        return Fields.withPortTargeting(m);
    }

    @Override
    public Class<BandwidthSpec> spec() {
        return BandwidthSpec.class;
    }

    @Override
    public FaultRequest map(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT, SCHEMA);
        BigInteger rate = body.uint64("RateKilobitsPerSecond").orElseThrow(() -> Fields.missing("RateKilobitsPerSecond"));
        if (rate.compareTo(BigInteger.valueOf(BandwidthSpec.MIN_RATE_KBIT)) < 0
                || rate.compareTo(BigInteger.valueOf(BandwidthSpec.MAX_RATE_KBIT)) > 0) {
            throw new IllegalArgumentException("RateKilobitsPerSecond: " + rate + " (expected: "
                    + BandwidthSpec.MIN_RATE_KBIT + "-" + BandwidthSpec.MAX_RATE_KBIT + ")");
        }
        Optional<BigInteger> burst = body.uint64("BurstKilobytes");
        if (burst.isPresent() && (burst.get().signum() == 0
                || burst.get().compareTo(BigInteger.valueOf(BandwidthSpec.MAX_BURST_KBYTES)) > 0)) {
            throw new IllegalArgumentException("BurstKilobytes: " + burst.get() + " (expected: 1-"
                    + BandwidthSpec.MAX_BURST_KBYTES + ", or omitted for a burst the rate needs)");
        }
        Fields.Sources parsed = Fields.sources(body.strings("Sources"), "Sources", hostnames);
        Fields.cidrs(body.strings("SourcesToFilter"), "SourcesToFilter");
        int flows = Fields.flowsPercent(body);
        if (flows != 100) {
            throw Fields.invalid(flows, "FlowsPercent", "100 for a bandwidth limit; it shapes all the traffic it targets");
        }
        var duration = Fields.duration(body);
        Targeting targeting = Fields.portTargeting(body, new Targeting(parsed.addresses(),
                Fields.exemptions(body, agentExemptions), Fields.iface(body), flows, Fields.optionalTrafficType(body)));
        return new FaultRequest(new BandwidthSpec(rate.longValueExact(), burst.map(BigInteger::longValueExact).orElse(0L),
                targeting), duration, parsed.hostnames());
    }
}
