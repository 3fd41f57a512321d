package dev.netfault.bridge.blackhole;

import dev.netfault.bridge.ipt.FilterChain;
import dev.netfault.bridge.ipt.IpSets;
import dev.netfault.bridge.nft.InputTable;
import dev.netfault.bridge.nft.NetdevTable;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.KindPlanner;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.tc.IngressSlot;
import dev.netfault.bridge.tc.RedirectDrop;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Plans a blackhole. Every drop is silent to the sender, as on a real network:
 * <ul>
 *   <li>ingress: netfault's own nftables table on the input hook ({@link InputTable}), leased; without nft, an iptables / ip6tables chain {@code NETFAULT-<id>} jumped to from {@code INPUT} at position 1
 *       (see {@link FilterChain}); each family gets rules only for its sources, both families when there are none;
 *       more than {@value #MAX_RULES} sources of a family go into an ipset;</li>
 *   <li>egress: an nftables netdev egress table ({@link NetdevTable}), because an iptables {@code OUTPUT} DROP makes a
 *       UDP sender's send() fail with EPERM; without the egress hook, a tc redirect to a down ifb
 *       ({@link RedirectDrop}), which has no kernel-side expiry.</li>
 * </ul>
 * A blackhole of the agent's own control port (tcp) is refused: it would cut the agent off.
 */
public final class BlackholePlanner implements KindPlanner<BlackholeSpec> {

    @Override
    public Class<BlackholeSpec> spec() {
        return BlackholeSpec.class;
    }

    /** Above this many sources in one family, ingress rules match an ipset instead of one rule per source. */
    public static final int MAX_RULES = 16;

    @Override
    public Plan plan(FaultId id, BlackholeSpec spec, NamespaceFacts facts, PlanContext context) {
        if (spec.protocol() == Protocol.TCP && context.controlPort() != 0 && spec.port() == context.controlPort()) {
            throw new IllegalArgumentException("port: " + spec.port()
                    + " (expected: not the agent's own control port " + context.controlPort() + "/tcp)");
        }
        List<Link> targets = facts.targets(spec.targeting().iface());
        Scope scope = Scope.of(spec.targeting(), context);
        return spec.direction() == Direction.INGRESS
                ? ingress(id, spec, scope, targets, facts.capabilities(), context)
                : egress(id, spec, scope, targets, facts, context);
    }

    private Plan ingress(FaultId id, BlackholeSpec spec, Scope scope, List<Link> targets, Capabilities caps,
                         PlanContext context) {
        if (caps.has(Feature.NFTABLES)) {
            String proto = spec.protocol().wire();
            InputTable table = new InputTable(id, scope,
                    spec.targeting().iface().map(i -> "iifname \"" + i.value() + "\"").orElse("iifname != \"lo\""),
                    "meta l4proto " + proto + " " + proto + " dport " + spec.port(), proto + " dport " + spec.port(),
                    context.lease());
            return new Plan(id, spec.kind(), "nftables inet input", names(targets), EnumSet.of(Touches.NFTABLES),
                    List.of(table.apply()),
                    List.of(table.verify()), List.of(table.revert()),
                    List.of("silent drop on the input hook in netfault's own table; stops matching at "
                            + scope.nftExpiry() + " UTC (meta time), or " + context.lease().toMillis()
                            + " ms after the agent's last renewal of its lease, even if not reverted"),
                    table.nftLease().lease());
        }
        return iptablesIngress(id, spec, scope, targets, caps);
    }

    /** Without nft: the iptables chain, deadline in the kernel but no lease. */
    private Plan iptablesIngress(FaultId id, BlackholeSpec spec, Scope scope, List<Link> targets, Capabilities caps) {
        List<String> notes = new ArrayList<>();
        if (!caps.has(Feature.MATCH_TIME) || !caps.has(Feature.MATCH_COMMENT)) {
            throw new UnsupportedFaultException("an ingress blackhole needs the iptables time and comment matches "
                    + "(time: " + (caps.has(Feature.MATCH_TIME) ? "ok" : caps.reason(Feature.MATCH_TIME)) + "; comment: "
                    + (caps.has(Feature.MATCH_COMMENT) ? "ok" : caps.reason(Feature.MATCH_COMMENT)) + "); run `netfault doctor`");
        }
        boolean v4 = scope.ipv4();
        boolean v6 = scope.ipv6();
        if (v4 && !caps.has(Feature.IPTABLES)) {
            throw new UnsupportedFaultException("an ingress blackhole of IPv4 traffic needs iptables: "
                    + caps.reason(Feature.IPTABLES) + "; install iptables or run `netfault doctor`");
        }
        if (v6 && !caps.has(Feature.IP6TABLES)) {
            if (!scope.sources6().isEmpty()) {
                throw new UnsupportedFaultException("an ingress blackhole of IPv6 sources needs ip6tables: "
                        + caps.reason(Feature.IP6TABLES) + "; install ip6tables or run `netfault doctor`");
            }
            v6 = false;
            notes.add("IPv6 is not blackholed: ip6tables is unavailable (" + caps.reason(Feature.IP6TABLES) + ")");
        }
        String iface = spec.targeting().iface().map(i -> "-i " + i.value()).orElse("! -i lo");
        String match = iface + " -p " + spec.protocol().wire() + " --dport " + spec.port();
        IpSets sets = new IpSets();
        List<FilterChain> chains = new ArrayList<>();
        for (boolean six : new boolean[] {false, true}) {
            if (six ? !v6 : !v4) {
                continue;
            }
            Optional<String> set = Optional.empty();
            if (scope.sources(six).size() > MAX_RULES) {
                if (caps.has(Feature.IPSET)) {
                    set = Optional.of(Ownership.ipset(id, six ? "s6" : "s4"));
                    sets.add(set.get(), scope.sources(six));
                } else {
                    notes.add("ipset is unavailable (" + caps.reason(Feature.IPSET) + "): one rule per source");
                }
            }
            chains.add(new FilterChain(id, six, "INPUT", scope.exemptions(six), scope.sources(six), set, match,
                    "--dport " + spec.port(), scope.iptablesExpiry()));
        }
        List<Command> apply = new ArrayList<>();
        List<Check> verify = new ArrayList<>();
        List<Command> revert = new ArrayList<>();
        List<Integer> revertAfter = new ArrayList<>(); // each chain's revert undoes its own step, the sets' the first
        if (!sets.isEmpty()) {
            apply.add(sets.apply());
            verify.addAll(sets.verify());
        }
        for (FilterChain c : chains) {
            apply.add(c.apply());
            verify.addAll(c.verify());
            revert.addAll(c.revert());
            c.revert().forEach(x -> revertAfter.add(apply.size() - 1));
        }
        revert.addAll(sets.revert());
        sets.revert().forEach(x -> revertAfter.add(0));
        notes.add("rules stop matching at " + scope.nftExpiry() + " UTC (-m time --datestop " + scope.iptablesExpiry()
                + ", the match holds through that second) even if not reverted");
        String mechanism = chains.size() == 2 ? "iptables+ip6tables INPUT" : chains.get(0).ipv6() ? "ip6tables INPUT" : "iptables INPUT";
        return new Plan(id, spec.kind(), sets.isEmpty() ? mechanism : mechanism + " with ipset",
                names(targets), sets.isEmpty() ? EnumSet.of(Touches.IPTABLES) : EnumSet.of(Touches.IPTABLES, Touches.IPSET),
                apply, verify, revert, notes,
                Lease.unleased("an ingress blackhole is leased only through nftables, which is unavailable here (nft: "
                        + caps.reason(Feature.NFTABLES) + "); install nftables (Debian package nftables)"), revertAfter);
    }

    private Plan egress(FaultId id, BlackholeSpec spec, Scope scope, List<Link> targets, NamespaceFacts facts,
                        PlanContext context) {
        Capabilities caps = facts.capabilities();
        if (caps.has(Feature.NFTABLES) && caps.has(Feature.NFT_EGRESS_HOOK)) {
            NetdevTable table = new NetdevTable(id, scope, List.of(),
                    "meta l4proto " + spec.protocol().wire() + " " + spec.protocol().wire() + " dport " + spec.port(),
                    context.lease());
            return new Plan(id, spec.kind(), "nftables netdev egress", names(targets), EnumSet.of(Touches.NFTABLES),
                    List.of(table.apply(targets)),
                    List.of(table.verify(targets)), List.of(table.revert()),
                    List.of("silent drop in the netdev egress hook; stops matching at " + scope.nftExpiry()
                            + " UTC (meta time), or " + context.lease().toMillis() + " ms after the agent's last "
                            + "renewal of its lease, even if not reverted"), table.nftLease().lease());
        }
        if (caps.has(Feature.CLSACT) && caps.has(Feature.U32) && caps.has(Feature.MIRRED) && caps.has(Feature.IFB)) {
            IngressSlot.requireFree(facts, targets, "the egress blackhole fallback (no nftables egress hook: "
                    + caps.reason(Feature.NFT_EGRESS_HOOK) + ") needs its own clsact qdisc there");
            RedirectDrop drop = new RedirectDrop(id, scope, spec.protocol(), spec.port());
            return Plan.ofSteps(id, spec.kind(), "tc clsact egress redirect to a down ifb", names(targets),
                    EnumSet.of(Touches.TC), drop.steps(targets), drop.verify(targets),
                    List.of("nftables netdev egress hook unavailable (" + caps.reason(Feature.NFT_EGRESS_HOOK)
                                    + "): fell back to a redirect to the down ifb " + drop.device(),
                            "this fallback has no kernel-side expiry: only a revert (or the agent's reconcile) removes it"),
                    Lease.unleased("the egress blackhole fallback (tc redirect to a down ifb) has no kernel-held "
                            + "deadline or lease: the nftables netdev egress hook is missing ("
                            + caps.reason(Feature.NFT_EGRESS_HOOK) + "); use a 5.16+ kernel with nftables"));
        }
        throw new UnsupportedFaultException("an egress blackhole needs the nftables netdev egress hook ("
                + (caps.has(Feature.NFTABLES) ? caps.reason(Feature.NFT_EGRESS_HOOK) : "nft: " + caps.reason(Feature.NFTABLES))
                + ") or tc clsact, u32, mirred and ifb (" + missingTc(caps)
                + "); use a 5.16+ kernel with nftables, or run `netfault doctor`");
    }

    private static String missingTc(Capabilities caps) {
        List<String> missing = new ArrayList<>();
        if (!caps.has(Feature.CLSACT)) {
            missing.add("clsact: " + caps.reason(Feature.CLSACT));
        }
        if (!caps.has(Feature.U32)) {
            missing.add("u32: " + caps.reason(Feature.U32));
        }
        if (!caps.has(Feature.MIRRED)) {
            missing.add("mirred: " + caps.reason(Feature.MIRRED));
        }
        if (!caps.has(Feature.IFB)) {
            missing.add("ifb: " + caps.reason(Feature.IFB));
        }
        return String.join("; ", missing);
    }

    static List<String> names(List<Link> links) {
        return links.stream().map(l -> l.name().value()).toList();
    }
}
