package dev.netfault.agent.doctor;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
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
        if (!c.has(Feature.NETEM)) {
            return cannot("latency", "latency needs sch_netem, which this kernel lacks (" + c.reason(Feature.NETEM) + ")."
                    + " Fix: " + Hints.NETEM);
        }
        return treeMissing(c).map(m -> cannot("latency", "latency needs " + m)).orElse(
                new KindVerdict("latency", true, tree(c) + " + netem delay, u32 filters"));
    }

    private static KindVerdict lossRandom(Capabilities c) {
        if (c.has(Feature.NETEM) && treeMissing(c).isEmpty()) {
            return new KindVerdict("loss random", true, tree(c) + " + netem loss");
        }
        if (c.has(Feature.NFTABLES) && c.has(Feature.NFT_EGRESS_HOOK)) {
            return new KindVerdict("loss random", true, "nftables netdev egress numgen (silent drops; no sch_netem here)");
        }
        return cannot("loss random", "needs sch_netem, the nftables netdev egress hook or the iptables statistic match ("
                + c.reason(Feature.NETEM) + "). Fix: " + Hints.NETEM);
    }

    private static KindVerdict lossBurst(Capabilities c) {
        if (!c.has(Feature.NETEM)) {
            return cannot("loss burst", "burst loss needs sch_netem (gemodel), which this kernel lacks ("
                    + c.reason(Feature.NETEM) + "). Fix: " + Hints.NETEM);
        }
        return treeMissing(c).map(m -> cannot("loss burst", "burst loss needs " + m)).orElse(
                new KindVerdict("loss burst", true, tree(c) + " + netem loss gemodel"));
    }

    private static KindVerdict blackholeEgress(Capabilities c) {
        if (c.has(Feature.NFTABLES) && c.has(Feature.NFT_EGRESS_HOOK)) {
            return new KindVerdict("blackhole egress", true, "nftables netdev egress (silent drops)");
        }
        if (c.has(Feature.IFB) && c.has(Feature.CLSACT) && c.has(Feature.MIRRED) && c.has(Feature.U32)) {
            return new KindVerdict("blackhole egress", true, "clsact + mirred redirect to a down ifb (silent drops)");
        }
        if (c.has(Feature.NETEM) && treeMissing(c).isEmpty()) {
            return new KindVerdict("blackhole egress", true, tree(c) + " + netem loss 100% (silent drops)");
        }
        return cannot("blackhole egress", "needs the nftables netdev egress hook (" + c.reason(Feature.NFT_EGRESS_HOOK)
                + ") or ifb + clsact + mirred. Fix: " + Hints.NFT + "; " + Hints.IFB);
    }

    private static KindVerdict blackholeIngress(Capabilities c) {
        if (c.has(Feature.NFTABLES)) {
            return new KindVerdict("blackhole ingress", true, "nftables input hook in netfault's own table (silent drops)");
        }
        if (!c.has(Feature.IPTABLES)) {
            return cannot("blackhole ingress", "needs iptables (" + c.reason(Feature.IPTABLES) + "). Fix: " + Hints.IPTABLES);
        }
        if (!c.has(Feature.MATCH_COMMENT) || !c.has(Feature.MATCH_TIME)) {
            return cannot("blackhole ingress", "needs the iptables comment and time matches ("
                    + c.reason(c.has(Feature.MATCH_COMMENT) ? Feature.MATCH_TIME : Feature.MATCH_COMMENT) + "). Fix: " + String.format(Hints.MATCH, "xt_comment xt_time"));
        }
        return new KindVerdict("blackhole ingress", true, "iptables" + (c.has(Feature.IP6TABLES) ? "+ip6tables" : "")
                + " chain from INPUT (" + c.iptablesBackend() + ")");
    }

    private static KindVerdict latencyIngress(Capabilities c) {
        List<String> missing = new ArrayList<>();
        if (!c.has(Feature.NETEM)) {
            missing.add("sch_netem (" + c.reason(Feature.NETEM) + ")");
        }
        if (!c.has(Feature.IFB)) {
            missing.add("ifb (" + c.reason(Feature.IFB) + ")");
        }
        if (!c.has(Feature.CLSACT) || !c.has(Feature.MIRRED)) {
            missing.add("clsact/mirred (" + c.reason(c.has(Feature.CLSACT) ? Feature.MIRRED : Feature.CLSACT) + ")");
        }
        if (!missing.isEmpty()) {
            return cannot("ingress latency", "ingress latency needs " + String.join(", ", missing) + ". Fix: "
                    + String.join("; ", fixes(c)));
        }
        return new KindVerdict("ingress latency", true, "ingress redirect to an ifb + netem delay");
    }

    private static List<String> fixes(Capabilities c) {
        List<String> f = new ArrayList<>();
        if (!c.has(Feature.NETEM)) {
            f.add(Hints.NETEM);
        }
        if (!c.has(Feature.IFB)) {
            f.add(Hints.IFB);
        }
        if (!c.has(Feature.CLSACT) || !c.has(Feature.MIRRED)) {
            f.add(Hints.CLSACT);
        }
        return f;
    }

    private static String tree(Capabilities c) {
        return c.has(Feature.PRIO) ? "tc prio" : "tc htb";
    }

    private static java.util.Optional<String> treeMissing(Capabilities c) {
        if (!c.has(Feature.PRIO) && !c.has(Feature.HTB)) {
            return java.util.Optional.of("a classful root qdisc: sch_prio or htb (" + c.reason(Feature.PRIO) + "). Fix: " + Hints.PRIO);
        }
        if (!c.has(Feature.U32)) {
            return java.util.Optional.of("the u32 classifier (" + c.reason(Feature.U32) + "). Fix: " + Hints.U32);
        }
        return java.util.Optional.empty();
    }

    private static KindVerdict cannot(String kind, String why) {
        return new KindVerdict(kind, false, why);
    }
}
