package dev.netfault.agent.api;

import dev.netfault.agent.api.RequestBody.GoType;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /fault/v1/network-blackhole-port/{start,stop,status}} body → {@link BlackholeSpec} or its
 * {@link FaultKey}. ECS fields: Port (uint16), Protocol ({@code tcp}|{@code udp}), TrafficType
 * ({@code ingress}|{@code egress}), all required and validated for stop and status too, SourcesToFilter; extensions:
 * Sources (limit the blackhole to these addresses), DurationSeconds, Interface.
 */
public final class BlackholeRequestMapper implements KindRequestMapper {

    static final String STRUCT = "NetworkBlackholePortRequest";

    /** The Go struct's fields and netfault's extensions, type-checked in document order before any validation. */
    static final Map<String, GoType> SCHEMA = Map.of("Port", GoType.UINT16, "Protocol", GoType.STRING, "TrafficType",
            GoType.STRING, "SourcesToFilter", GoType.STRINGS, "Sources", GoType.STRINGS, "DurationSeconds",
            GoType.UINT64, "Interface", GoType.STRING);

    private final List<Cidr> agentExemptions;
    private final boolean hostnames;

    public BlackholeRequestMapper(List<Cidr> agentExemptions) {
        this(agentExemptions, true);
    }

    /** {@code hostnames}: whether DNS names in Sources are served (else they are invalid values). */
    public BlackholeRequestMapper(List<Cidr> agentExemptions, boolean hostnames) {
        this.agentExemptions = List.copyOf(agentExemptions);
        this.hostnames = hostnames;
    }

    /** The validated ECS identity of a blackhole: port, protocol and direction. */
    private record Identity(int port, Protocol protocol, Direction direction) {
    }

    @Override
    public Class<BlackholeSpec> spec() {
        return BlackholeSpec.class;
    }

    @Override
    public FaultRequest map(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT, SCHEMA);
        List<String> sources = body.strings("Sources");
        Identity id = identity(body);
        Fields.Sources parsed = Fields.sources(sources, "Sources", hostnames);
        List<Cidr> targets = parsed.addresses();
        var duration = Fields.duration(body);
        Targeting targeting = new Targeting(targets, Fields.exemptions(body, agentExemptions), Fields.iface(body), 100,
                id.direction());
        return new FaultRequest(new BlackholeSpec(id.port(), id.protocol(), id.direction(), targeting), duration, parsed.hostnames());
    }

    /** Stop and status name the blackhole by the same three fields as start. */
    @Override
    public Optional<FaultKey> keyOf(byte[] json) {
        return Optional.of(key(json));
    }

    public FaultKey key(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT, SCHEMA);
        Identity id = identity(body);
        return FaultKey.blackhole(id.direction().wire() + "-" + id.protocol().wire() + "-" + id.port());
    }

    private static Identity identity(RequestBody body) {
        Optional<Long> port = body.uint("Port", 16);
        Optional<String> protocol = body.string("Protocol");
        Optional<String> traffic = body.string("TrafficType");
        List<String> exempt = body.strings("SourcesToFilter");
        if (port.isEmpty()) {
            throw Fields.missing("Port");
        }
        if (protocol.isEmpty() || protocol.get().isEmpty()) {
            throw Fields.missing("Protocol");
        }
        if (traffic.isEmpty() || traffic.get().isEmpty()) {
            throw Fields.missing("TrafficType");
        }
        if (!protocol.get().equals("tcp") && !protocol.get().equals("udp")) {
            throw Fields.invalid(protocol.get(), "Protocol");
        }
        Direction direction = Fields.trafficType(traffic.get());
        Fields.cidrs(exempt, "SourcesToFilter");
        if (port.get() < 1) {
            throw Fields.invalid(port.get(), "Port", "1-65535");
        }
        return new Identity(port.get().intValue(), Protocol.parse("Protocol", protocol.get()), direction);
    }
}
