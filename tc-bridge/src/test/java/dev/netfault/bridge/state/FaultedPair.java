package dev.netfault.bridge.state;

import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;

/**
 * Two namespaces joined by a veth (A: va 198.51.100.1 / 2001:db8::1, B: vb 198.51.100.2 / 2001:db8::2). A gets
 * the application's own objects (foreign to netfault, some named like netfault's) and, on request, a fault's objects
 * made by hand with netfault's names. Shared by the state reader's and the sweeper's privileged tests.
 */
public final class FaultedPair implements AutoCloseable {

    public final Netns a;
    public final Netns b;
    private final NetnsPair pair;

    public FaultedPair() throws InterruptedException {
        pair = NetnsPair.builder().prefix("nfkr").interfaces("va", "vb").create();
        a = pair.a();
        b = pair.b();
    }

    /** The application's objects: a chain, a look-alike chain, nft tables, a foreign htb root, look-alike links. */
    public void addForeign() throws InterruptedException {
        a.exec("iptables", "-N", "APP-IN");
        a.exec("iptables", "-A", "APP-IN", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT");
        a.exec("iptables", "-A", "INPUT", "-j", "APP-IN");
        a.exec("iptables", "-N", "NETFAULTX");
        a.exec("iptables", "-A", "OUTPUT", "-m", "comment", "--comment", "netfault:not-ours", "-j", "NETFAULTX");
        a.exec("ip6tables", "-A", "INPUT", "-p", "udp", "--dport", "7", "-j", "ACCEPT");
        a.exec("nft", "add", "table", "inet", "app");
        a.exec("nft", "add", "chain", "inet", "app", "out", "{ type filter hook output priority 10; }");
        a.exec("nft", "add", "rule", "inet", "app", "out", "ip", "daddr", "198.51.100.3", "counter", "accept");
        a.exec("nft", "add", "table", "netdev", "netfault_x");
        for (String link : new String[] {"nfx", "NETFAULTX", "app0"}) {
            a.exec("ip", "link", "add", link, "type", "ifb");
        }
        a.exec("tc", "qdisc", "add", "dev", "app0", "root", "handle", "1:", "htb", "default", "10");
        a.exec("tc", "class", "add", "dev", "app0", "parent", "1:", "classid", "1:10", "htb", "rate", "100mbit");
        a.exec("ipset", "create", "appset", "hash:ip");
        a.exec("tc", "qdisc", "add", "dev", "app0", "clsact");
        a.exec("tc", "filter", "add", "dev", "app0", "egress", "protocol", "ip", "pref", "8", "u32", "match", "ip",
                "dst", "198.51.100.8/32", "action", "mirred", "egress", "mirror", "dev", "nfx");
    }

    /** A fault's objects as netfault names them: chains, jumps, an nft egress drop, an htb root, an ingress redirect. */
    public void addOwned(FaultId id) throws InterruptedException {
        addOwnedNetfilter(id);
        a.exec("tc", "qdisc", "add", "dev", "va", "root", "handle", "4e46:", "htb", "default", "1");
        a.exec("tc", "class", "add", "dev", "va", "parent", "4e46:", "classid", "4e46:1", "htb", "rate", "1gbit");
        String ifb = "nf" + id.value() + "i";
        a.exec("ip", "link", "add", ifb, "type", "ifb");
        a.exec("ip", "link", "set", ifb, "up");
        a.exec("tc", "qdisc", "add", "dev", "va", "handle", "ffff:", "ingress");
        a.exec("tc", "filter", "add", "dev", "va", "parent", "ffff:", "protocol", "ip", "pref", "1", "u32", "match",
                "ip", "src", "198.51.100.2/32", "action", "mirred", "egress", "redirect", "dev", ifb);
        String drop = "nf" + id.value() + "d";
        a.exec("ip", "link", "add", drop, "type", "ifb");
        a.exec("tc", "filter", "add", "dev", "app0", "egress", "protocol", "ip", "pref", "7", "u32", "match", "ip",
                "dst", "198.51.100.7/32", "action", "mirred", "egress", "redirect", "dev", drop);
    }

    /** Only a fault's netfilter objects: chains and jumps, an nft table, an ipset. */
    public void addOwnedNetfilter(FaultId id) throws InterruptedException {
        String chain = "NETFAULT-" + id.value();
        String comment = "netfault:" + id.value();
        for (String t : new String[] {"iptables", "ip6tables"}) {
            a.exec(t, "-N", chain);
            a.exec(t, "-A", chain, "-p", "udp", "--dport", "9", "-m", "comment", "--comment", comment, "-j", "DROP");
            a.exec(t, "-I", "INPUT", "1", "-m", "comment", "--comment", comment, "-j", chain);
        }
        a.exec(Command.of("nft", "-f", "-").withStdin("table netdev netfault_" + id.value() + " {\n chain egress {\n"
                + "  type filter hook egress device \"va\" priority 0; policy accept;\n"
                + "  ip daddr 198.51.100.2 udp dport 10 counter drop\n }\n}\n"));
        a.exec("ipset", "create", "nf" + id.value() + "-src", "hash:net");
    }

    /** Sends {@code count} UDP datagrams from {@code from} (one bash process; sends that fail with EPERM are fine). */
    public static void udp(Netns from, String address, int port, int count) throws InterruptedException {
        from.exec("bash", "-c", "for i in $(seq 1 \"$1\"); do echo x 2>/dev/null > \"/dev/udp/$2/$3\"; done; true",
                "udp", String.valueOf(count), address, String.valueOf(port));
    }

    /** What the sweeper must leave byte-identical (counters zeroed where the tool prints them). */
    public String foreignSnapshot() throws InterruptedException {
        return String.join("\n---\n",
                a.exec("iptables-save").replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+]", "[0:0]"),
                a.exec("ip6tables-save").replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+]", "[0:0]"),
                a.exec("nft", "list", "ruleset").replaceAll("packets \\d+ bytes \\d+", "packets 0 bytes 0"),
                a.exec("tc", "-j", "qdisc", "show"),
                a.exec("tc", "-j", "filter", "show", "dev", "app0", "egress"),
                a.exec("ip", "-br", "link"),
                a.exec("ipset", "list", "-n"));
    }

    @Override
    public void close() {
        pair.close();
    }
}
