package dev.netfault.bridge.tc;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.Step;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * A silent egress drop without nftables: a {@code clsact} qdisc on each target interface whose egress u32 filters
 * redirect matching packets ({@code mirred egress redirect}) to the ifb link {@code nf<id>d}, which is left DOWN, so
 * the packets vanish below the socket layer (measured on Linux 6.18: the UDP sender's send() succeeds).
 *
 * <p>Filter priorities: 1 IPv4 exemptions, 2 IPv6 exemptions (a match without action ends classification and lets the
 * packet pass: this kernel has no {@code act_gact} for {@code action pass}), 3 IPv4 drops, 4 IPv6 drops (one u32
 * priority holds one protocol). All filters of all interfaces go through one {@code tc -batch -} process, after one {@code tc qdisc add} per interface. There is no
 * kernel-side expiry: only revert removes it.
 */
public record RedirectDrop(FaultId id, Scope scope, Protocol protocol, int port) {

    public String device() {
        return Ownership.link(id, 'd');
    }

    public String batch(List<Link> targets) {
        StringBuilder sb = new StringBuilder();
        for (Link l : targets) {
            String dev = l.name().value();
            for (Cidr e : scope.exempt4()) {
                sb.append(filter(dev, "ip", 1)).append("match ip dst ").append(e).append(" classid 1:1\n");
            }
            for (Cidr e : scope.exempt6()) {
                sb.append(filter(dev, "ipv6", 2)).append("match ip6 dst ").append(e).append(" classid 1:1\n");
            }
            if (scope.ipv4()) {
                for (String dst : destinations(scope.sources4(), "ip")) {
                    sb.append(filter(dev, "ip", 3)).append(l4("ip")).append(dst).append(redirect());
                }
            }
            if (scope.ipv6()) {
                for (String dst : destinations(scope.sources6(), "ip6")) {
                    sb.append(filter(dev, "ipv6", 4)).append(l4("ip6")).append(dst).append(redirect());
                }
            }
        }
        return sb.toString();
    }

    private static String filter(String dev, String proto, int prio) {
        return "filter add dev " + dev + " egress protocol " + proto + " prio " + prio + " u32 ";
    }

    private String l4(String family) {
        return "match " + family + " protocol " + protocol.number() + " 0xff match " + family + " dport " + port + " 0xffff ";
    }

    private static List<String> destinations(List<Cidr> sources, String family) {
        List<String> out = new ArrayList<>();
        if (sources.isEmpty()) {
            out.add("");
        }
        sources.forEach(s -> out.add("match " + family + " dst " + s + " "));
        return out;
    }

    private String redirect() {
        return "action mirred egress redirect dev " + device() + "\n";
    }

    /**
     * Creates the down ifb link, then each clsact qdisc (one step each: a rollback never removes a clsact qdisc that
     * netfault did not add), then every filter in one batch.
     */
    public List<Step> steps(List<Link> targets) {
        List<Step> out = new ArrayList<>();
        out.add(Step.of(Command.of("ip", "link", "add", device(), "type", "ifb"), Command.of("ip", "link", "del", device())));
        for (Link l : targets) {
            String dev = l.name().value();
            out.add(Step.of(Command.of("tc", "qdisc", "add", "dev", dev, "clsact"),
                    Command.of("tc", "qdisc", "del", "dev", dev, "clsact")));
        }
        out.add(Step.of(Command.of("tc", "-batch", "-").withStdin(batch(targets))));
        return out;
    }

    public List<Check> verify(List<Link> targets) {
        List<Check> out = new ArrayList<>();
        for (Link l : targets) {
            String dev = l.name().value();
            out.add(new Check("egress filters of " + dev + " redirect to " + device(),
                    Command.of("tc", "-j", "filter", "show", "dev", dev, "egress"),
                    List.of("\"kind\":\"mirred\"", "\"to_dev\":\"" + device() + "\"")));
        }
        out.add(new Check(device() + " exists and is down", Command.of("ip", "-j", "link", "show", device()),
                List.of("\"ifname\":\"" + device() + "\"", "\"operstate\":\"DOWN\"")));
        return out;
    }

}
