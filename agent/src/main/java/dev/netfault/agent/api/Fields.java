package dev.netfault.agent.api;

import dev.netfault.agent.dns.Hostname;
import dev.netfault.agent.faults.MaxDuration;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ECS agent's validation messages and the fields every fault request shares (sources, exemptions, interface,
 * traffic type, flows, duration, and the port targeting netfault adds: {@link #ports}, {@link #protocol}). ECS fields keep the ECS wording; checks the ECS agent lacks add the expectation:
 * {@code invalid value 0 for parameter DurationSeconds (expected: 1-43200)}.
 */
final class Fields {

    private static final int MAX_ECHO = 128;

    private Fields() {
    }

    static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("required parameter " + field + " is missing");
    }

    /** The ECS agent's {@code invalid value %s for parameter %s}, the value whole as it prints it. */
    static IllegalArgumentException invalid(Object value, String field) {
        return new IllegalArgumentException("invalid value " + value + " for parameter " + field);
    }

    static IllegalArgumentException invalid(Object value, String field, String expected) {
        return new IllegalArgumentException("invalid value " + echo(value) + " for parameter " + field
                + " (expected: " + expected + ")");
    }

    /** A value as error messages show it, cut so that a hostile 60 KiB string is not echoed back whole. */
    static String echo(Object value) {
        String s = String.valueOf(value);
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }

    /** Every entry an IPv4/IPv6 address or CIDR as Go parses them, as the ECS agent requires of Sources and SourcesToFilter. */
    static List<Cidr> cidrs(List<String> values, String field) {
        List<Cidr> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(cidr(v, field));
        }
        return out;
    }

    static Cidr cidr(String v, String field) {
        String accepted = GoAddress.accept(v).orElseThrow(() -> invalid(v, field));
        try {
            return Cidr.parse(accepted);
        } catch (IllegalArgumentException e) {
            throw invalid(v, field);
        }
    }

    /** Sources entries: addresses or CIDRs, and DNS names to resolve when the fault starts. */
    record Sources(List<Cidr> addresses, List<Hostname> hostnames) {
    }

    /** Sources in order; a DNS name is an invalid value, as for the ECS agent, unless {@code hostnames} are served. */
    static Sources sources(List<String> values, String field, boolean hostnames) {
        List<Cidr> addresses = new ArrayList<>();
        List<Hostname> names = new ArrayList<>();
        for (String v : values) {
            if (GoAddress.accept(v).isEmpty() && hostnames && Hostname.isHostname(v)) {
                names.add(new Hostname(v));
                continue;
            }
            addresses.add(cidr(v, field));
        }
        return new Sources(addresses, names);
    }

    /** An optional unsigned field within {@code min..max}. */
    static Optional<Long> ranged(RequestBody body, String field, long min, long max) {
        Optional<Long> v = body.uint(field, 64);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            throw invalid(v.get(), field, min + "-" + max);
        }
        return v;
    }

    static Optional<Duration> duration(RequestBody body) {
        return ranged(body, "DurationSeconds", 1, MaxDuration.SECONDS).map(Duration::ofSeconds);
    }

    static Optional<InterfaceName> iface(RequestBody body) {
        Optional<String> name = body.string("Interface");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InterfaceName.of(name.get()));
        } catch (IllegalArgumentException e) {
            throw invalid(name.get(), "Interface", "a Linux interface name of 1-15 letters, digits, '_', '.', '-' or '@'");
        }
    }

    /** The ECS spelling: exactly {@code ingress} or {@code egress}. */
    static Direction trafficType(String value) {
        switch (value) {
            case "egress": return Direction.EGRESS;
            case "ingress": return Direction.INGRESS;
            default: throw invalid(value, "TrafficType");
        }
    }

    /** The latency / loss extension: absent means egress (ECS behaviour). */
    static Direction optionalTrafficType(RequestBody body) {
        Optional<String> t = body.string("TrafficType");
        if (t.isEmpty() || t.get().isEmpty()) {
            return Direction.EGRESS;
        }
        try {
            return trafficType(t.get());
        } catch (IllegalArgumentException e) {
            throw invalid(t.get(), "TrafficType", "egress or ingress");
        }
    }

    /** FlowsPercent is a Go {@code *int}: -1 decodes, then fails here; the message spells it {@code flowsPercent}. */
    static int flowsPercent(RequestBody body) {
        Optional<Long> f = body.integer("FlowsPercent");
        if (f.isPresent() && (f.get() < 1 || f.get() > 100)) {
            throw invalid(f.get(), "flowsPercent");
        }
        return f.orElse(100L).intValue();
    }

    /** Exemptions: the request's SourcesToFilter, then the agent's {@code --exempt} list. */
    static List<Cidr> exemptions(RequestBody body, List<Cidr> agentExemptions) {
        List<Cidr> all = new ArrayList<>(cidrs(body.strings("SourcesToFilter"), "SourcesToFilter"));
        all.addAll(agentExemptions);
        return all;
    }

    /** The port-targeting extension's fields, to add to a mapper's schema with {@link #withPortTargeting}. */
    static final Map<String, RequestBody.GoType> PORT_TARGETING = Map.of("Ports", RequestBody.GoType.INTS,
            "Protocol", RequestBody.GoType.STRING);

    /** {@code schema} with {@code Ports} ({@code []int}) and {@code Protocol} ({@code string}). */
    static Map<String, RequestBody.GoType> withPortTargeting(Map<String, RequestBody.GoType> schema) {
        Map<String, RequestBody.GoType> all = new HashMap<>(schema);
        all.putAll(PORT_TARGETING);
        return Map.copyOf(all);
    }

    /**
     * {@code Ports}, a netfault extension: destination ports to impair, 1-65535 each, distinct, at most
     * {@value Targeting#MAX_PORTS}; absent, null or {@code []}: every port.
     * {@code invalid value 0 for parameter Ports (expected: 1-65535)}
     */
    static List<Integer> ports(RequestBody body) {
        List<Long> raw = body.integers("Ports");
        if (raw.size() > Targeting.MAX_PORTS) {
            throw invalid(raw.size() + " entries", "Ports", "at most " + Targeting.MAX_PORTS + " ports");
        }
        Set<Long> seen = new HashSet<>();
        List<Integer> out = new ArrayList<>(raw.size());
        for (long p : raw) {
            if (p < 1 || p > 65535) {
                throw invalid(p, "Ports", "1-65535");
            }
            if (!seen.add(p)) {
                throw invalid(p, "Ports", "distinct ports");
            }
            out.add((int) p);
        }
        return out;
    }

    /** {@code Protocol}, a netfault extension on kinds targeted by port: {@code tcp} or {@code udp}; absent or {@code ""}: both. */
    static Optional<Protocol> protocol(RequestBody body) {
        Optional<String> p = body.string("Protocol");
        if (p.isEmpty() || p.get().isEmpty()) {
            return Optional.empty();
        }
        if (!p.get().equals("tcp") && !p.get().equals("udp")) {
            throw invalid(p.get(), "Protocol", "tcp or udp");
        }
        return Optional.of(Protocol.parse("Protocol", p.get()));
    }

    /** {@code t} narrowed by the request's {@code Ports} and {@code Protocol}. */
    static Targeting portTargeting(RequestBody body, Targeting t) {
        List<Integer> ports = ports(body);
        Optional<Protocol> protocol = protocol(body);
        return t.withPorts(ports).withProtocol(protocol.orElse(null));
    }
}
