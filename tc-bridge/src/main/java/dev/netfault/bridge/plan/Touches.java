package dev.netfault.bridge.plan;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a {@link Plan} changes in the kernel, so that its users ask the plan instead of reading its argv: which objects
 * a state read-back or a sweep must consider, and whether iptables-nft may have left a table behind after a revert.
 */
public enum Touches {
    /** tc qdiscs, filters and actions, and the ifb links they redirect to. */
    TC,
    /**
     * netfault's fault-id-less tc objects: the root qdisc in netfault's handle range and its children on each
     * interface (the tree a latency or loss fault builds). A sweep spares them while such a fault lives.
     */
    TC_TREE,
    /** an nftables table of its own. */
    NFTABLES,
    /** an iptables or ip6tables chain (iptables-nft may create the {@code filter} table on first use). */
    IPTABLES,
    /** ipsets holding the sources. */
    IPSET;

    /** The subsystem a command acts on, by its program; empty for a program netfault's plans do not use. */
    public static Optional<Touches> ofProgram(String program) {
        return switch (program) {
            case "tc" -> Optional.of(TC);
            case "nft" -> Optional.of(NFTABLES);
            case "iptables", "ip6tables", "iptables-restore", "ip6tables-restore" -> Optional.of(IPTABLES);
            case "ipset" -> Optional.of(IPSET);
            default -> Optional.empty();
        };
    }

    /**
     * What a plan of {@code kind} with these commands touches: for a plan recorded before plans said so (a journal
     * written by an older agent). A tc-based fault other than a blackhole builds the {@link #TC_TREE}.
     */
    public static Set<Touches> derive(String kind, List<Command> apply, List<Command> revert) {
        Set<Touches> out = EnumSet.noneOf(Touches.class);
        Stream.concat(apply.stream(), revert.stream()).map(Command::program).map(Touches::ofProgram)
                .flatMap(Optional::stream).forEach(out::add);
        if (!kind.equals("blackhole") && !kind.equals("bandwidth") && apply.stream().anyMatch(c -> c.program().equals("tc"))) {
            out.add(TC_TREE);
        }
        return out;
    }
}
