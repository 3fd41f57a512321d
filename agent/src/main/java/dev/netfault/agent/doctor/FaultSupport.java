package dev.netfault.agent.doctor;

import dev.netfault.bridge.plan.Capabilities;
import java.util.ArrayList;
import java.util.List;

/**
 * Which fault kinds a namespace with these capabilities can enforce, and how (shared/design/kernel.md's mechanism
 * table): the mechanism each kind would use, or what is missing and how to get it.
 */
public final class FaultSupport {

    private FaultSupport() {
    }

    public static List<KindVerdict> of(Capabilities c) {
        List<KindVerdict> out = new ArrayList<>();
        out.add(latency(c));
        out.add(lossRandom(c));
        out.add(lossBurst(c));
        out.add(blackholeEgress(c));
        out.add(blackholeIngress(c));
        out.add(latencyIngress(c));
        return out;
    }

    private static KindVerdict latency(Capabilities c) {
        if (!c.netem()) {
            return cannot("latency", "latency needs sch_netem, which this kernel lacks (" + c.reason("sch_netem") + ")."
                    + " Fix: " + Hints.NETEM);
        }
        return treeMissing(c).map(m -> cannot("latency", "latency needs " + m)).orElse(
                new KindVerdict("latency", true, tree(c) + " + netem delay, u32 filters"));
    }

    private static KindVerdict lossRandom(Capabilities c) {
        if (c.netem() && treeMissing(c).isEmpty()) {
            return new KindVerdict("loss random", true, tree(c) + " + netem loss");
        }
        if (c.nftables() && c.nftEgressHook()) {
            return new KindVerdict("loss random", true, "nftables netdev egress numgen (silent drops; no sch_netem here)");
        }
        if (c.iptables() && c.matchStatistic()) {
            return new KindVerdict("loss random", true, "iptables -m statistic (last resort: UDP senders see EPERM)");
        }
        return cannot("loss random", "needs sch_netem, the nftables netdev egress hook or the iptables statistic match ("
                + c.reason("sch_netem") + "). Fix: " + Hints.NETEM);
    }

    private static KindVerdict lossBurst(Capabilities c) {
        if (!c.netem()) {
            return cannot("loss burst", "burst loss needs sch_netem (gemodel), which this kernel lacks ("
                    + c.reason("sch_netem") + "). Fix: " + Hints.NETEM);
        }
        return treeMissing(c).map(m -> cannot("loss burst", "burst loss needs " + m)).orElse(
                new KindVerdict("loss burst", true, tree(c) + " + netem loss gemodel"));
    }

    private static KindVerdict blackholeEgress(Capabilities c) {
        if (c.nftables() && c.nftEgressHook()) {
            return new KindVerdict("blackhole egress", true, "nftables netdev egress (silent drops)");
        }
        if (c.ifb() && c.clsact() && c.mirred() && c.u32()) {
            return new KindVerdict("blackhole egress", true, "clsact + mirred redirect to a down ifb (silent drops)");
        }
        if (c.netem() && treeMissing(c).isEmpty()) {
            return new KindVerdict("blackhole egress", true, tree(c) + " + netem loss 100% (silent drops)");
        }
        return cannot("blackhole egress", "needs the nftables netdev egress hook (" + c.reason("nft_egress_hook")
                + ") or ifb + clsact + mirred. Fix: " + Hints.NFT + "; " + Hints.IFB);
    }

    private static KindVerdict blackholeIngress(Capabilities c) {
        if (!c.iptables()) {
            return cannot("blackhole ingress", "needs iptables (" + c.reason("iptables") + "). Fix: " + Hints.IPTABLES);
        }
        if (!c.matchComment() || !c.matchTime()) {
            return cannot("blackhole ingress", "needs the iptables comment and time matches ("
                    + c.reason(c.matchComment() ? "xt_time" : "xt_comment") + "). Fix: " + String.format(Hints.MATCH, "xt_comment xt_time"));
        }
        return new KindVerdict("blackhole ingress", true, "iptables" + (c.ip6tables() ? "+ip6tables" : "")
                + " chain from INPUT (" + c.iptablesBackend() + ")");
    }

    private static KindVerdict latencyIngress(Capabilities c) {
        List<String> missing = new ArrayList<>();
        if (!c.netem()) {
            missing.add("sch_netem (" + c.reason("sch_netem") + ")");
        }
        if (!c.ifb()) {
            missing.add("ifb (" + c.reason("ifb") + ")");
        }
        if (!c.clsact() || !c.mirred()) {
            missing.add("clsact/mirred (" + c.reason(c.clsact() ? "mirred" : "clsact") + ")");
        }
        if (!missing.isEmpty()) {
            return cannot("ingress latency", "ingress latency needs " + String.join(", ", missing) + ". Fix: "
                    + String.join("; ", fixes(c)));
        }
        return new KindVerdict("ingress latency", true, "ingress redirect to an ifb + netem delay");
    }

    private static List<String> fixes(Capabilities c) {
        List<String> f = new ArrayList<>();
        if (!c.netem()) {
            f.add(Hints.NETEM);
        }
        if (!c.ifb()) {
            f.add(Hints.IFB);
        }
        if (!c.clsact() || !c.mirred()) {
            f.add(Hints.CLSACT);
        }
        return f;
    }

    private static String tree(Capabilities c) {
        return c.prio() ? "tc prio" : "tc htb";
    }

    private static java.util.Optional<String> treeMissing(Capabilities c) {
        if (!c.prio() && !c.htb()) {
            return java.util.Optional.of("a classful root qdisc: sch_prio or htb (" + c.reason("sch_prio") + "). Fix: " + Hints.PRIO);
        }
        if (!c.u32()) {
            return java.util.Optional.of("the u32 classifier (" + c.reason("u32") + "). Fix: " + Hints.U32);
        }
        return java.util.Optional.empty();
    }

    private static KindVerdict cannot(String kind, String why) {
        return new KindVerdict(kind, false, why);
    }
}
