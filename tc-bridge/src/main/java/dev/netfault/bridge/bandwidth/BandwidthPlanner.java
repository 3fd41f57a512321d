package dev.netfault.bridge.bandwidth;

import dev.netfault.bridge.nft.NetdevTable;
import dev.netfault.bridge.nft.TransportMatch;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.KindPlanner;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.Step;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.tc.IngressGate;
import dev.netfault.bridge.tc.IngressSlot;
import dev.netfault.bridge.tc.MarkClassifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Plans a bandwidth limit: the targeted packets are redirected to netfault's ifb {@code nf<id>b}, whose root is a
 * {@code tbf} at the rate ({@link Shaper}: a queue, not a policer, so TCP goodput holds the rate). The interface's root
 * qdisc is never touched, so a latency, loss or impairment fault (whose tree owns the root) runs beside it: packets
 * leaving the ifb skip clsact but still pass the interface's root qdisc.
 *
 * <ul>
 *   <li>egress: an nft netdev egress table ({@link NetdevTable}, leased, {@code meta time <} the deadline, exemptions
 *       and the agent's control port as {@code return} rules, Ports/Protocol as {@link TransportMatch}) sets the mark
 *       {@value #MARK} on targeted packets; a {@code clsact} egress filter, classic BPF on {@code skb->mark}, redirects
 *       marked packets to the ifb. The netfilter egress hook runs before tc's clsact egress. No mark (lease lapsed,
 *       deadline passed) means no redirect: traffic is unshaped again with no process involved.</li>
 *   <li>ingress: an {@code ingress} qdisc whose u32 filters ({@link IngressFilters}) redirect the targeted arriving
 *       packets to the ifb. No nft rule can steer ingress packets: where the kernel has cls_basic and em_ipset a first
 *       filter gated by the fault's {@link IngressGate} ipsets lets everything pass once they lapse (leased, no
 *       deadline); elsewhere the fault is unleased.</li>
 * </ul>
 * Both take the interface's one ingress-side qdisc slot (clsact or ingress): refused when another netfault fault holds
 * it, or someone else's qdisc does.
 */
public final class BandwidthPlanner implements KindPlanner<BandwidthSpec> {

    /** The skb mark of a packet to shape. */
    public static final String MARK = MarkClassifier.MARK;
    /** The ifb's root handle, in netfault's reserved range. */
    public static final String IFB_ROOT = "4e4b:";
    @Override
    public Class<BandwidthSpec> spec() {
        return BandwidthSpec.class;
    }

    @Override
    public Plan plan(FaultId id, BandwidthSpec spec, NamespaceFacts facts, PlanContext context) {
        List<Link> targets = facts.targets(spec.targeting().iface());
        Scope scope = Scope.of(spec.targeting(), context);
        Shaper shaper = Shaper.of(spec);
        String ifb = Ownership.link(id, 'b');
        boolean egress = spec.targeting().direction() == Direction.EGRESS;
        require(facts.capabilities(), egress);
        IngressSlot.requireFree(facts, targets, "a bandwidth fault needs its own " + (egress ? "clsact" : "ingress")
                + " qdisc there");
        List<String> names = targets.stream().map(l -> l.name().value()).toList();
        List<String> notes = new ArrayList<>();
        notes.add("shaped by tbf on " + ifb + " (" + shaper.tbf() + "; queue 2 x rate x " + Shaper.LATENCY_MS
                + " ms); the interface's root qdisc is not touched, so one latency, loss or impairment fault can run "
                + "beside it");
        notes.add("uses the " + (egress ? "clsact" : "ingress") + " qdisc of " + String.join(", ", names)
                + ": an ingress fault or an egress blackhole fallback there must be stopped first, and another "
                + "program's clsact/ingress qdisc is never replaced");
        if (spec.burstKbytes() > 0 && shaper.burstBelowFrames()) {
            notes.add("BurstKilobytes " + spec.burstKbytes() + " is below two 9 KiB jumbo frames: a frame larger than "
                    + shaper.burstBytes() + " bytes is dropped by tbf");
        }
        boolean gated = !egress && facts.capabilities().has(Feature.EM_IPSET);
        IngressGate gate = new IngressGate(id, context.lease());
        List<Step> steps = new ArrayList<>();
        if (gated) {
            steps.add(gate.create()); // first, so its undo (destroying the sets) runs after the filters are gone
        }
        steps.add(Step.of(Command.of("ip", "link", "add", ifb, "type", "ifb"), Command.of("ip", "link", "del", ifb)));
        steps.add(Step.of(Command.of("ip", "link", "set", ifb, "up")));
        steps.add(Step.of(Command.of("tc", "qdisc", "add", "dev", ifb, "root", "handle", IFB_ROOT,
                "tbf", "rate", shaper.rateKbit() + "kbit", "burst", Long.toString(shaper.burstBytes()),
                "limit", Long.toString(shaper.limitBytes())))); // goes with the link
        // one step per hook qdisc: a rollback never removes one that someone added after the facts were read
        for (String n : names) {
            steps.add(egress
                    ? Step.of(Command.of("tc", "qdisc", "add", "dev", n, "clsact"), Command.of("tc", "qdisc", "del", "dev", n, "clsact"))
                    : Step.of(Command.of("tc", "qdisc", "add", "dev", n, "handle", "ffff:", "ingress"),
                            Command.of("tc", "qdisc", "del", "dev", n, "ingress")));
        }
        StringBuilder batch = new StringBuilder();
        IngressFilters in = new IngressFilters(scope, spec.targeting(), ifb, gated ? 2 : 1);
        for (String n : names) {
            if (gated) {
                batch.append(lapsed(n, gate));
            }
            batch.append(egress ? MarkClassifier.redirect(n, ifb) : in.batch(n));
        }
        steps.add(Step.of(Command.of("tc", "-batch", "-").withStdin(batch.toString())));
        List<Check> verify = new ArrayList<>();
        verify.add(new Check("tbf " + IFB_ROOT + " at " + shaper.rateKbit() + "kbit on " + ifb,
                Command.of("tc", "-j", "qdisc", "show", "dev", ifb),
                List.of("\"kind\":\"tbf\",\"handle\":\"" + IFB_ROOT + "\"")));
        String hook = egress ? "egress" : "ingress";
        for (String n : names) {
            verify.add(new Check(hook + " of " + n + " is redirected to " + ifb,
                    Command.of("tc", "-j", "filter", "show", "dev", n, hook),
                    List.of("\"kind\":\"mirred\"", "\"to_dev\":\"" + ifb + "\"")));
        }
        if (!egress && gated) {
            notes.add("the redirects apply only while the elements of ipsets " + gate.set4() + " and " + gate.set6()
                    + " (timeout " + gate.timeoutSeconds() + " s) are renewed by a live agent: a first filter lets every "
                    + "packet pass once they lapse, so ingress traffic is unshaped until the fault is removed");
            return Plan.ofSteps(id, spec.kind(), "tc ingress u32 redirect (ipset lease) to ifb + tbf", names,
                    EnumSet.of(Touches.TC, Touches.IPSET), steps, verify, notes, gate.held());
        }
        if (!egress) {
            return Plan.ofSteps(id, spec.kind(), "tc ingress u32 redirect to ifb + tbf", names,
                    EnumSet.of(Touches.TC), steps, verify, notes,
                    Lease.unleased(UNLEASED_INGRESS + " (" + facts.capabilities().reason(Feature.EM_IPSET) + ")"));
        }
        List<String> returns = new ArrayList<>();
        if (scope.controlPort() != 0) {
            returns.add("tcp sport " + scope.controlPort() + " return");
        }
        NetdevTable table = new NetdevTable(id, scope, returns, "", context.lease(),
                "counter meta mark set " + MARK);
        steps.add(Step.of(table.apply(targets), table.revert())); // last: marking starts once the redirect is in place
        verify.add(table.verify(targets));
        notes.add("packets are marked " + MARK + " by nft (then redirected by a cls_bpf filter on the mark) while "
                + scope.nftExpiry() + " UTC (meta time) has not passed and the lease is renewed; afterwards traffic "
                + "passes unshaped until the fault is removed. The mark replaces a targeted packet's own mark after routing "
                + "(a classifier of the application's root qdisc that reads marks sees " + MARK + "), and a packet the "
                + "application itself marked " + MARK + " is shaped too");
        return Plan.ofSteps(id, spec.kind(), "nftables netdev egress mark + tc clsact bpf redirect to ifb + tbf",
                names, EnumSet.of(Touches.TC, Touches.NFTABLES), steps, verify, notes, table.nftLease().lease());
    }

    /**
     * The lease gate's filter, first on the ingress qdisc: once both ipsets' elements have lapsed it matches every
     * packet and, having no action, ends classification (the packet passes, unshaped); while they live it matches
     * nothing and the u32 filters after it decide.
     */
    static String lapsed(String dev, IngressGate gate) {
        return "filter add dev " + dev + " parent ffff: protocol all prio 1 basic match 'not ipset(" + gate.set4()
                + " src) and not ipset(" + gate.set6() + " src)' classid ffff:1\n";
    }

    static final String UNLEASED_INGRESS = "an ingress bandwidth limit is a tc redirect on the ingress qdisc, which "
            + "runs before netfilter: no nft rule can gate it; its kernel-held lease is an ipset gate (tc cls_basic with "
            + "the em_ipset ematch), which this kernel lacks, so it has no kernel-held lease or deadline and only a "
            + "revert or the agent's reconcile removes it. Load cls_basic, em_ipset and ip_set_hash_net (Debian 12's "
            + "and AL2023's kernels ship them), or start the agent with --allow-unleased";

    private static void require(Capabilities caps, boolean egress) {
        List<Feature> needed = new ArrayList<>(List.of(Feature.IFB, Feature.MIRRED, Feature.TBF));
        needed.addAll(egress ? List.of(Feature.CLSACT, Feature.CLS_BPF, Feature.NFTABLES, Feature.NFT_EGRESS_HOOK)
                : List.of(Feature.U32));
        List<String> missing = needed.stream().filter(f -> !caps.has(f)).map(f -> f + ": " + caps.reason(f)).toList();
        if (!missing.isEmpty()) {
            throw new UnsupportedFaultException("an " + (egress ? "egress" : "ingress") + " bandwidth limit needs "
                    + String.join(", ", needed.stream().map(Feature::key).toList()) + " (" + String.join("; ", missing)
                    + "); run `netfault doctor`");
        }
    }
}
