package dev.netfault.bridge.target;

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
 */
public record Targeting(List<Cidr> sources, List<Cidr> exemptions, Optional<InterfaceName> iface, int flowsPercent,
                        Direction direction) {

    public static final int MAX_ADDRESSES = 10_000;

    public Targeting {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        exemptions = List.copyOf(Objects.requireNonNull(exemptions, "exemptions"));
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(direction, "direction");
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

    /** Every address, every interface, all flows, egress. */
    public static Targeting all() {
        return new Targeting(List.of(), List.of(), Optional.empty(), 100, Direction.EGRESS);
    }

    public Targeting withSources(List<Cidr> s) {
        return new Targeting(s, exemptions, iface, flowsPercent, direction);
    }

    public Targeting withExemptions(List<Cidr> e) {
        return new Targeting(sources, e, iface, flowsPercent, direction);
    }

    public Targeting withInterface(InterfaceName i) {
        return new Targeting(sources, exemptions, Optional.ofNullable(i), flowsPercent, direction);
    }

    public Targeting withFlowsPercent(int f) {
        return new Targeting(sources, exemptions, iface, f, direction);
    }

    public Targeting withDirection(Direction d) {
        return new Targeting(sources, exemptions, iface, flowsPercent, d);
    }
}
