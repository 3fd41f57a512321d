package dev.netfault.bridge.tc;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.nft.NetdevTable;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.Step;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A netem fault (latency, or loss with sch_netem) as a plan: a {@link NetemTree} on each target interface (egress), or
 * on one ifb {@code nf<id>i} that the ingress traffic of every target interface is redirected to (an {@code ingress}
 * qdisc with a filter and {@code mirred egress redirect}: gated by the fault's lease, {@link IngressGate}, where the
 * kernel has cls_basic and em_ipset, else a match-all u32 filter and the fault is unleased). Everything tc does to the
 * tree and filters goes through one {@code tc -batch -} process; each ingress qdisc is a step of its own, so a
 * rollback never deletes one netfault did not add.
 *
 * <p>netfault never deletes or replaces a qdisc it does not own: a target whose root (egress) is not the kernel default,
 * or which already has an ingress or clsact qdisc (ingress), is refused with {@link ForeignQdiscException}. Revert
 * deletes only netfault's root (the kernel default comes back by itself), its ingress qdisc and its ifb.
 */
public final class NetemFault {

    /** A netem tree of netfault's own, with id-less objects on each interface, built and removed with tc. */
    private static final Set<Touches> TC_TREE = EnumSet.of(Touches.TC, Touches.TC_TREE);
    private static final Set<Touches> TC_TREE_NFT = EnumSet.of(Touches.TC, Touches.TC_TREE, Touches.NFTABLES);
    private static final Set<Touches> TC_TREE_IPSET = EnumSet.of(Touches.TC, Touches.TC_TREE, Touches.IPSET);

    private NetemFault() {
    }

    public static Plan plan(FaultId id, String kind, Scope scope, NamespaceFacts facts, List<Link> targets,
                            String netem, List<String> notes) {
        return plan(id, kind, scope, facts, targets, netem, notes, PlanContext.DEFAULT_LEASE);
    }

    /**
     * The plan; egress traffic is classified by a leased nft rule where the kernel has the netdev egress hook
     * ({@link #leasedEgress}), by u32 filters (unleased) where it has not.
     */
    public static Plan plan(FaultId id, String kind, Scope scope, NamespaceFacts facts, List<Link> targets,
                            String netem, List<String> notes, Duration lease) {
        Capabilities caps = facts.capabilities();
        if (scope.direction() == Direction.EGRESS && caps.has(Feature.NFTABLES) && caps.has(Feature.NFT_EGRESS_HOOK)) {
            return leasedEgress(id, kind, scope, facts, targets, netem, notes, lease);
        }
        Layout layout = Layout.choose(caps, scope.flowsPercent());
        NetemTree tree = new NetemTree(scope, layout, netem);
        List<String> allNotes = new ArrayList<>(notes);
        if (layout == Layout.HTB) {
            allNotes.add("sch_prio is unavailable (" + caps.reason(Feature.PRIO)
                    + "): an htb root with 100gbit classes stands in (it sorts traffic, it does not shape it)");
        }
        if (layout == Layout.HTB_FLOWS) {
            allNotes.add("flowsPercent " + scope.flowsPercent() + ": each flow is hashed on its 5-tuple into 100 "
                    + "buckets (cls_flow); " + scope.flowsPercent() + " buckets are impaired");
        }
        String mechanism = "tc " + (layout == Layout.HTB_FLOWS ? "htb+flow" : layout.kind()) + "+netem";
        List<String> names = targets.stream().map(l -> l.name().value()).toList();
        return scope.direction() == Direction.EGRESS
                ? egress(id, kind, tree, targets, names, mechanism, allNotes)
                : ingress(id, kind, tree, facts, targets, names, mechanism, allNotes, lease);
    }

    /**
     * Egress netem with the classification in the kernel's hands: the tree has no filter (everything goes to the
     * unimpaired class), and an nft netdev egress table on each interface sets {@code meta priority 4e46:1} on the
     * impaired packets while the deadline and the table's lease hold; prio and htb pick the class that
     * {@code skb->priority} names before any filter. Exemptions (and the agent's control port) are nft {@code return}
     * rules before it, since a priority would bypass u32 exemption filters. A share of flows is
     * {@code symhash mod 100 < N}. When the lease lapses the tree stays and passes everything unimpaired.
     */
    private static Plan leasedEgress(FaultId id, String kind, Scope scope, NamespaceFacts facts, List<Link> targets,
                                     String netem, List<String> notes, Duration lease) {
        Capabilities caps = facts.capabilities();
        Layout layout = Layout.choose(caps, 100);
        NetemTree tree = new NetemTree(scope, layout, netem);
        List<String> allNotes = new ArrayList<>(notes);
        if (layout == Layout.HTB) {
            allNotes.add("sch_prio is unavailable (" + caps.reason(Feature.PRIO)
                    + "): an htb root with 100gbit classes stands in (it sorts traffic, it does not shape it)");
        }
        List<String> returns = new ArrayList<>();
        if (scope.controlPort() != 0) {
            returns.add("tcp sport " + scope.controlPort() + " return");
        }
        String flows = scope.flowsPercent() < 100 ? "symhash mod 100 < " + scope.flowsPercent() : "";
        if (!flows.isEmpty()) {
            allNotes.add("flowsPercent " + scope.flowsPercent() + ": flows are picked by a symmetric hash of their "
                    + "addresses and ports (nft symhash)");
        }
        NetdevTable table = new NetdevTable(id, scope, returns, flows, lease, PRIORITY);
        allNotes.add("packets are steered into netem by nft (meta priority " + NetemTree.IMPAIRED + ") while "
                + scope.nftExpiry() + " UTC (meta time) has not passed and the lease is renewed; afterwards the tc tree "
                + "passes everything unimpaired until it is removed");
        List<String> names = targets.stream().map(l -> l.name().value()).toList();
        requireDefaultRoots(targets);
        StringBuilder batch = new StringBuilder();
        names.forEach(n -> batch.append(tree.qdiscs(n)));
        List<Check> verify = new ArrayList<>(names.stream().map(n -> check(tree, n)).toList());
        verify.add(table.verify(targets));
        List<Command> revert = new ArrayList<>();
        revert.add(table.revert());
        names.forEach(n -> revert.add(Command.of("tc", "qdisc", "del", "dev", n, "root", "handle", NetemTree.ROOT)));
        return new Plan(id, kind, "tc " + layout.kind() + "+netem, nft priority", names, TC_TREE_NFT,
                List.of(Command.of("tc", "-batch", "-").withStdin(batch.toString()), table.apply(targets)),
                verify, revert, allNotes, table.nftLease().lease());
    }

    /** What the nft rule does to an impaired packet. */
    static final String PRIORITY = "counter meta priority set " + NetemTree.IMPAIRED;

    private static void requireDefaultRoots(List<Link> targets) {
        for (Link l : targets) {
            if (Ownership.isOwnedTcHandle(l.root().handle())) {
                throw new SlotTakenException("a netfault tc fault is already active on " + l.name()
                        + " (root qdisc " + l.root() + "); stop it first");
            }
            if (!l.root().isKernelDefault()) {
                throw new ForeignQdiscException("interface " + l.name() + " has a root qdisc " + l.root()
                        + " that netfault does not own; netfault never deletes or replaces it. Remove it yourself "
                        + "(tc qdisc del dev " + l.name() + " root) if nothing needs it, or choose another interface");
            }
        }
    }

    private static Plan egress(FaultId id, String kind, NetemTree tree, List<Link> targets, List<String> names,
                               String mechanism, List<String> notes) {
        requireDefaultRoots(targets);
        StringBuilder batch = new StringBuilder();
        names.forEach(n -> batch.append(tree.batch(n)));
        List<Check> verify = new ArrayList<>();
        for (String n : names) {
            verify.add(check(tree, n));
            portCheck(tree, n).ifPresent(verify::add);
        }
        List<Command> revert = names.stream().map(n -> Command.of("tc", "qdisc", "del", "dev", n, "root", "handle", NetemTree.ROOT))
                .toList(); // by handle: the kernel refuses if the root is not netfault's (a rollback after a race)
        return new Plan(id, kind, mechanism, names, TC_TREE, List.of(Command.of("tc", "-batch", "-").withStdin(batch.toString())),
                verify, revert, notes, Lease.unleased("egress " + kind + " classified by tc u32 filters has no "
                        + "kernel-held lease: it needs the nftables netdev egress hook (kernel 5.16+ and the nft binary) "
                        + "to steer packets into netem by a leased rule"));
    }

    /**
     * Ingress netem: every target's ingress is redirected to one ifb carrying the tree. Where the kernel has cls_basic
     * and em_ipset the redirect is gated by the fault's lease ({@link IngressGate}); elsewhere it is a match-all u32
     * filter and the fault is unleased.
     */
    private static Plan ingress(FaultId id, String kind, NetemTree tree, NamespaceFacts facts, List<Link> targets,
                                List<String> names, String mechanism, List<String> notes, Duration lease) {
        Capabilities caps = facts.capabilities();
        if (!caps.has(Feature.IFB) || !caps.has(Feature.MIRRED) || !caps.has(Feature.U32)) {
            throw new UnsupportedFaultException("ingress " + kind + " needs ifb, act_mirred and "
                    + "cls_u32 to redirect ingress traffic (ifb: " + (caps.has(Feature.IFB) ? "ok" : caps.reason(Feature.IFB))
                    + "; mirred: " + (caps.has(Feature.MIRRED) ? "ok" : caps.reason(Feature.MIRRED)) + "); run `netfault doctor`");
        }
        IngressSlot.requireFree(facts, targets, "an ingress " + kind + " fault needs its own ingress qdisc there");
        String ifb = Ownership.link(id, 'i');
        boolean gated = caps.has(Feature.EM_IPSET);
        IngressGate gate = new IngressGate(id, lease);
        List<Step> steps = new ArrayList<>();
        if (gated) {
            steps.add(gate.create()); // first, so its undo (destroying the sets) runs after the filters are gone
        }
        steps.add(Step.of(Command.of("ip", "link", "add", ifb, "type", "ifb"), Command.of("ip", "link", "del", ifb)));
        steps.add(Step.of(Command.of("ip", "link", "set", ifb, "up")));
        // One step per ingress qdisc: if the kernel refuses one (someone added theirs since the facts were read), the
        // rollback removes only the qdiscs netfault added before it, never the one that made the step fail.
        for (String n : names) {
            steps.add(Step.of(Command.of("tc", "qdisc", "add", "dev", n, "handle", "ffff:", "ingress"),
                    Command.of("tc", "qdisc", "del", "dev", n, "ingress")));
        }
        StringBuilder batch = new StringBuilder();
        for (String n : names) {
            batch.append(gated ? gate.filter(n, ifb) : "filter add dev " + n + " parent ffff: protocol all prio 1 u32 "
                    + "match u32 0 0 action mirred egress redirect dev " + ifb + "\n");
        }
        batch.append(tree.batch(ifb));
        steps.add(Step.of(Command.of("tc", "-batch", "-").withStdin(batch.toString()))); // inside the qdiscs and ifb above
        List<Check> verify = new ArrayList<>();
        verify.add(check(tree, ifb));
        portCheck(tree, ifb).ifPresent(verify::add);
        for (String n : names) {
            verify.add(new Check("ingress of " + n + " is redirected to " + ifb,
                    Command.of("tc", "-j", "filter", "show", "dev", n, "ingress"),
                    List.of("\"kind\":\"mirred\"", "\"to_dev\":\"" + ifb + "\"")));
        }
        List<String> allNotes = new ArrayList<>(notes);
        if (gated) {
            allNotes.add("the redirect matches only while the elements of ipsets " + gate.set4() + " and " + gate.set6()
                    + " (timeout " + gate.timeoutSeconds() + " s) are renewed by a live agent; afterwards ingress "
                    + "traffic passes " + ifb + " by, unimpaired, until the fault is removed");
        }
        return Plan.ofSteps(id, kind, (gated ? "ifb ingress redirect (ipset lease) + " : "ifb ingress redirect + ")
                + mechanism, names, gated ? TC_TREE_IPSET : TC_TREE, steps, verify, allNotes, gated ? gate.held()
                : Lease.unleased(IngressGate.unleasedReason(kind, caps.reason(Feature.EM_IPSET))));
    }

    /**
     * The tree's port filters on {@code dev}, read back: a u32 key the kernel did not install would impair every port
     * (as a u32 mark match does on kernels without CONFIG_CLS_U32_MARK).
     */
    private static Optional<Check> portCheck(NetemTree tree, String dev) {
        List<String> keys = tree.filterReadBack();
        return keys.isEmpty() ? Optional.empty() : Optional.of(new Check("u32 filters on " + dev + " match destination ports "
                + tree.scope().ports() + " of " + tree.scope().protocols(),
                Command.of("tc", "-j", "filter", "show", "dev", dev, "parent", NetemTree.ROOT), keys));
    }

    private static Check check(NetemTree tree, String dev) {
        return new Check(tree.layout().kind() + " root " + NetemTree.ROOT + " with netem " + NetemTree.NETEM + " on " + dev,
                Command.of("tc", "-j", "qdisc", "show", "dev", dev),
                List.of("\"kind\":\"" + tree.layout().kind() + "\",\"handle\":\"" + NetemTree.ROOT + "\"",
                        "\"kind\":\"netem\",\"handle\":\"" + NetemTree.NETEM + "\""));
    }
}
