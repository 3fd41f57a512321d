package dev.netfault.bridge.target;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which traffic a fault impairs.
 *
 * @param sources      destinations (egress) or origins (ingress) to impair; empty means every address
 * @param exemptions   addresses never impaired, in addition to the built-in safety exemptions
 * @param iface        one interface, or empty for every non-loopback interface of the namespace
 * @param flowsPercent share of flows (by 5-tuple hash) impaired, 1-100
 * @param direction    egress (default) or ingress
 * @param ports        destination ports to impair (egress: the remote service's port; ingress: the application's own
 *                     listening port), 0-64 distinct entries of 1-65535; empty means every packet, port or not
 * @param protocol     the transport the ports are matched on ({@code tcp} or {@code udp}); empty means both. A
 *                     protocol without ports impairs every packet of that protocol
 */
public record Targeting(List<Cidr> sources, List<Cidr> exemptions, Optional<InterfaceName> iface, int flowsPercent,
                        Direction direction, List<Integer> ports, Optional<Protocol> protocol) {

    public static final int MAX_ADDRESSES = 10_000;
    public static final int MAX_PORTS = 64;

    public Targeting {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        exemptions = List.copyOf(Objects.requireNonNull(exemptions, "exemptions"));
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(direction, "direction");
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
        Objects.requireNonNull(protocol, "protocol");
        if (ports.size() > MAX_PORTS) {
            throw new IllegalArgumentException("Ports: " + ports.size() + " entries (expected: 1-" + MAX_PORTS + ")");
        }
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("Ports: " + p + " (expected: 1-65535)");
            }
        }
        if (new HashSet<>(ports).size() != ports.size()) {
            throw new IllegalArgumentException("Ports: " + ports + " (expected: distinct ports)");
        }
        if (flowsPercent < 1 || flowsPercent > 100) {
            throw new IllegalArgumentException("flowsPercent: " + flowsPercent + " (expected: 1-100)");
        }
        if (sources.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("sources: " + sources.size() + " entries (expected: at most " + MAX_ADDRESSES + ")");
        }
        if (exemptions.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("sourcesToFilter: " + exemptions.size() + " entries (expected: at most " + MAX_ADDRESSES + ")");
        }
    }

    /** Every port and protocol: the targeting of the ECS bodies, which have no port fields. */
    public Targeting(List<Cidr> sources, List<Cidr> exemptions, Optional<InterfaceName> iface, int flowsPercent,
                     Direction direction) {
        this(sources, exemptions, iface, flowsPercent, direction, List.of(), Optional.empty());
    }

    /** Every address, every interface, all flows, egress. */
    public static Targeting all() {
        return new Targeting(List.of(), List.of(), Optional.empty(), 100, Direction.EGRESS);
    }

    /** True when the fault matches on transport: some ports, or one protocol. */
    public boolean byTransport() {
        return !ports.isEmpty() || protocol.isPresent();
    }

    public Targeting withSources(List<Cidr> s) {
        return new Targeting(s, exemptions, iface, flowsPercent, direction, ports, protocol);
    }

    public Targeting withExemptions(List<Cidr> e) {
        return new Targeting(sources, e, iface, flowsPercent, direction, ports, protocol);
    }

    public Targeting withInterface(InterfaceName i) {
        return new Targeting(sources, exemptions, Optional.ofNullable(i), flowsPercent, direction, ports, protocol);
    }

    public Targeting withFlowsPercent(int f) {
        return new Targeting(sources, exemptions, iface, f, direction, ports, protocol);
    }

    public Targeting withDirection(Direction d) {
        return new Targeting(sources, exemptions, iface, flowsPercent, d, ports, protocol);
    }

    public Targeting withPorts(List<Integer> p) {
        return new Targeting(sources, exemptions, iface, flowsPercent, direction, p, protocol);
    }

    public Targeting withProtocol(Protocol p) {
        return new Targeting(sources, exemptions, iface, flowsPercent, direction, ports, Optional.ofNullable(p));
    }
}
