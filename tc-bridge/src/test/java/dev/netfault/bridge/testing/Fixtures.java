package dev.netfault.bridge.testing;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.Cidr;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fixed inputs for planner tests: one fault id, one expiry, a namespace with {@code lo}, {@code eth0}, {@code eth1}. */
public final class Fixtures {

    public static final FaultId ID = new FaultId("1a2b3c4d");
    public static final Instant EXPIRY = Instant.parse("2026-11-26T17:00:00Z");
    public static final PlanContext CONTEXT = PlanContext.of(EXPIRY, 51680, List.of());

    private Fixtures() {
    }

    public static NamespaceFacts facts(Capabilities caps, Link... links) {
        return new NamespaceFacts(List.of(links), caps);
    }

    /** lo, eth0 and eth1 with kernel-default roots. */
    public static NamespaceFacts twoLinks(Capabilities caps) {
        return facts(caps, Link.of("lo", RootQdisc.kernelDefault("noqueue")), Link.of("eth0", RootQdisc.kernelDefault("noqueue")),
                Link.of("eth1", RootQdisc.kernelDefault("noqueue")));
    }

    public static List<Cidr> cidrs(String... s) {
        return Arrays.stream(s).map(Cidr::parse).toList();
    }

    /**
     * {@code base} with some features switched off; sch_netem, when missing, keeps the kernel's words for it and
     * every other missing feature has the generic reason.
     */
    public static Capabilities without(Capabilities base, Feature... off) {
        Set<Feature> present = EnumSet.noneOf(Feature.class);
        present.addAll(base.present());
        present.removeAll(List.of(off));
        Map<Feature, String> reasons = present.contains(Feature.NETEM) ? Map.of()
                : Map.of(Feature.NETEM, "Error: Specified qdisc kind is unknown.");
        return new Capabilities(present, reasons, base.iptablesBackend());
    }

    /** Each command as argv line, with its standard input (if any) after a newline: one string per command. */
    public static List<String> lines(List<Command> commands) {
        return commands.stream().map(c -> c.stdin() == null ? c.line() : c.line() + "\n" + c.stdin()).toList();
    }
}
