package dev.netfault.bridge.tc;

import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tc tree that impairs some traffic of one device with netem and leaves the rest alone (the ECS agent's layout,
 * made safe): a root {@code 4e46:} whose class {@code 4e46:1} holds {@code netem} (handle {@code 4e47:}) and whose
 * class {@code 4e46:3} is unimpaired.
 *
 * <ul>
 *   <li>{@link Layout#PRIO}: {@code prio bands 3} with every priority mapped to band 3, so unclassified traffic is
 *       never impaired.</li>
 *   <li>{@link Layout#HTB}: {@code htb default 3} with two classes at 100gbit (far above any link: htb only sorts
 *       here, it does not shape).</li>
 *   <li>{@link Layout#HTB_FLOWS} ({@code flowsPercent} N below 100): {@code htb default 1}; impaired addresses go to
 *       the inner class {@code 4e46:2}, whose {@code flow hash keys src,dst,proto,proto-src,proto-dst divisor 100
 *       baseclass 4e46:100} filter puts each flow in one of 100 buckets, class minor {@code 0x100 + bucket}. Only the
 *       classes of buckets N..99 exist (unimpaired leaves); htb sends a packet whose filter names a class that does not
 *       exist to the default class {@code 4e46:1}, so buckets 0..N-1 (N% of flows) share the one netem. A catch-all
 *       filter sends everything else to {@code 4e46:3}. One netem whatever N, and 100-N leaf classes.</li>
 * </ul>
 *
 * <p>u32 filters, lowest priority number first: 1 IPv4 and 2 IPv6 exemptions plus the agent's control port (as source
 * port on egress, destination port on ingress, so the agent's own traffic is never impaired) to {@code 4e46:3};
 * 3 IPv4 and 4 IPv6 sources (all addresses when there are none) to the impaired class, one filter per source x
 * protocol x destination port when the scope names {@code Ports} or a {@code Protocol} ({@link PortMatch}). One u32 priority holds one
 * protocol, hence one priority per family. Addresses match {@code dst} on egress and {@code src} on ingress (where the
 * tree sits on the ifb that ingress traffic is redirected to).
 *
 * @param netem the netem arguments, e.g. {@code limit 10000 delay 100ms 10ms}
 */
public record NetemTree(Scope scope, Layout layout, String netem) {

    public static final String ROOT = "4e46:";
    public static final String NETEM = "4e47:";
    /** The class holding netem. */
    public static final String IMPAIRED = "4e46:1";
    static final String RATE = " htb rate 100gbit quantum 200000\n";

    public NetemTree {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(netem, "netem");
    }

    /** The {@code tc -batch} lines that build the tree on {@code dev}: qdiscs, classes and the u32 filters. */
    public String batch(String dev) {
        return qdiscs(dev) + filters(dev);
    }

    /**
     * The qdiscs and classes alone: with no filter every packet goes to the unimpaired class, except those whose
     * {@code skb->priority} names the netem class {@code 4e46:1} (set by an nft rule, see {@link NetemFault}).
     */
    public String qdiscs(String dev) {
        StringBuilder sb = new StringBuilder();
        switch (layout) {
            case PRIO -> sb.append("qdisc add dev ").append(dev)
                    .append(" root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n");
            case HTB -> sb.append("qdisc add dev ").append(dev).append(" root handle 4e46: htb default 3\n")
                    .append(cls(dev, ROOT, "4e46:1")).append(cls(dev, ROOT, "4e46:3"));
            case HTB_FLOWS -> {
                sb.append("qdisc add dev ").append(dev).append(" root handle 4e46: htb default 1\n")
                        .append(cls(dev, ROOT, "4e46:1")).append(cls(dev, ROOT, "4e46:2")).append(cls(dev, ROOT, "4e46:3"));
                for (int bucket = scope.flowsPercent(); bucket < 100; bucket++) {
                    sb.append(cls(dev, "4e46:2", "4e46:" + Integer.toHexString(0x100 + bucket)));
                }
            }
            default -> throw new IllegalStateException("layout: " + layout);
        }
        sb.append("qdisc add dev ").append(dev).append(" parent 4e46:1 handle 4e47: netem ").append(netem).append('\n');
        return sb.toString();
    }

    private String filters(String dev) {
        StringBuilder sb = new StringBuilder();
        String impaired = layout == Layout.HTB_FLOWS ? "4e46:2" : "4e46:1";
        boolean egress = scope.direction() == Direction.EGRESS;
        String addr = egress ? "dst" : "src";
        String port = egress ? "sport" : "dport";
        for (boolean v6 : new boolean[] {false, true}) {
            if (v6 ? !scope.ipv6() : !scope.ipv4()) {
                continue;
            }
            String fam = v6 ? "ip6" : "ip";
            String head = filter(dev, v6, v6 ? 2 : 1);
            for (Cidr e : scope.exemptions(v6)) {
                sb.append(head).append("match ").append(fam).append(' ').append(addr).append(' ').append(e)
                        .append(" flowid 4e46:3\n");
            }
            if (scope.controlPort() != 0) {
                sb.append(head).append("match ").append(fam).append(' ').append(port).append(' ')
                        .append(scope.controlPort()).append(" 0xffff flowid 4e46:3\n");
            }
            List<Cidr> sources = scope.sources(v6);
            List<String> targets = sources.isEmpty() ? List.of(v6 ? "::/0" : "0.0.0.0/0")
                    : sources.stream().map(Cidr::toString).toList();
            PortMatch.requireFew(scope, targets.size(), v6);
            List<String> keys = PortMatch.keys(scope, v6);
            for (String s : targets) {
                for (String key : keys) {
                    sb.append(filter(dev, v6, v6 ? 4 : 3)).append("match ").append(fam).append(' ').append(addr)
                            .append(' ').append(s).append(key).append(" flowid ").append(impaired).append('\n');
                }
            }
        }
        if (layout == Layout.HTB_FLOWS) {
            sb.append("filter add dev ").append(dev).append(" parent 4e46: protocol all prio 9 u32 match u32 0 0 flowid 4e46:3\n");
            sb.append("filter add dev ").append(dev).append(" parent 4e46:2 protocol all prio 1 handle 1 flow hash keys "
                    + "src,dst,proto,proto-src,proto-dst divisor 100 baseclass 4e46:100\n");
        }
        return sb.toString();
    }

    /** What {@code tc -j filter show dev D parent 4e46:} must list for the scope's ports; empty without them. */
    public List<String> filterReadBack() {
        List<String> out = new ArrayList<>();
        if (scope.ipv4()) {
            out.addAll(PortMatch.readBack(scope, false));
        }
        if (scope.ipv6()) {
            out.addAll(PortMatch.readBack(scope, true));
        }
        return out;
    }

    private static String cls(String dev, String parent, String classid) {
        return "class add dev " + dev + " parent " + parent + " classid " + classid + RATE;
    }

    private static String filter(String dev, boolean v6, int prio) {
        return "filter add dev " + dev + " parent 4e46: protocol " + (v6 ? "ipv6" : "ip") + " prio " + prio + " u32 ";
    }
}
