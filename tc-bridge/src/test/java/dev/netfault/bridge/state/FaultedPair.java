package dev.netfault.bridge.state;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.testing.TestNetns;

/**
 * Two namespaces joined by a veth (A: va 198.51.100.1 / 2001:db8::1, B: vb 198.51.100.2 / 2001:db8::2). A gets
 * the application's own objects (foreign to netfault, some named like netfault's) and, on request, a fault's objects
 * made by hand with netfault's names. Shared by the state reader's and the sweeper's privileged tests.
 */
public final class FaultedPair implements AutoCloseable {

    public final TestNetns a;
    public final TestNetns b;

    public FaultedPair() throws InterruptedException {
        a = TestNetns.create("nfkr");
        TestNetns peer = null;
        try {
            peer = TestNetns.create("nfkr");
            a.run("ip", "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", peer.name());
            a.run("ip", "addr", "add", "198.51.100.1/24", "dev", "va");
            a.run("ip", "addr", "add", "2001:db8::1/64", "dev", "va", "nodad");
            peer.run("ip", "addr", "add", "198.51.100.2/24", "dev", "vb");
            peer.run("ip", "addr", "add", "2001:db8::2/64", "dev", "vb", "nodad");
            a.run("ip", "link", "set", "va", "up");
            peer.run("ip", "link", "set", "vb", "up");
        } catch (RuntimeException | InterruptedException e) {
            a.close();
            if (peer != null) {
                peer.close();
            }
            throw e;
        }
        b = peer;
    }

    /** The application's objects: a chain, a look-alike chain, nft tables, a foreign htb root, look-alike links. */
    public void addForeign() throws InterruptedException {
        a.run("iptables", "-N", "APP-IN");
        a.run("iptables", "-A", "APP-IN", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT");
        a.run("iptables", "-A", "INPUT", "-j", "APP-IN");
        a.run("iptables", "-N", "NETFAULTX");
        a.run("iptables", "-A", "OUTPUT", "-m", "comment", "--comment", "netfault:not-ours", "-j", "NETFAULTX");
        a.run("ip6tables", "-A", "INPUT", "-p", "udp", "--dport", "7", "-j", "ACCEPT");
        a.run("nft", "add", "table", "inet", "app");
        a.run("nft", "add", "chain", "inet", "app", "out", "{ type filter hook output priority 10; }");
        a.run("nft", "add", "rule", "inet", "app", "out", "ip", "daddr", "198.51.100.3", "counter", "accept");
        a.run("nft", "add", "table", "netdev", "netfault_x");
        for (String link : new String[] {"nfx", "NETFAULTX", "app0"}) {
            a.run("ip", "link", "add", link, "type", "ifb");
        }
        a.run("tc", "qdisc", "add", "dev", "app0", "root", "handle", "1:", "htb", "default", "10");
        a.run("tc", "class", "add", "dev", "app0", "parent", "1:", "classid", "1:10", "htb", "rate", "100mbit");
        a.run("ipset", "create", "appset", "hash:ip");
        a.run("tc", "qdisc", "add", "dev", "app0", "clsact");
        a.run("tc", "filter", "add", "dev", "app0", "egress", "protocol", "ip", "pref", "8", "u32", "match", "ip",
                "dst", "198.51.100.8/32", "action", "mirred", "egress", "mirror", "dev", "nfx");
    }

    /** A fault's objects as netfault names them: chains, jumps, an nft egress drop, an htb root, an ingress redirect. */
    public void addOwned(FaultId id) throws InterruptedException {
        addOwnedNetfilter(id);
        a.run("tc", "qdisc", "add", "dev", "va", "root", "handle", "4e46:", "htb", "default", "1");
        a.run("tc", "class", "add", "dev", "va", "parent", "4e46:", "classid", "4e46:1", "htb", "rate", "1gbit");
        String ifb = "nf" + id.value() + "i";
        a.run("ip", "link", "add", ifb, "type", "ifb");
        a.run("ip", "link", "set", ifb, "up");
        a.run("tc", "qdisc", "add", "dev", "va", "handle", "ffff:", "ingress");
        a.run("tc", "filter", "add", "dev", "va", "parent", "ffff:", "protocol", "ip", "pref", "1", "u32", "match",
                "ip", "src", "198.51.100.2/32", "action", "mirred", "egress", "redirect", "dev", ifb);
        String drop = "nf" + id.value() + "d";
        a.run("ip", "link", "add", drop, "type", "ifb");
        a.run("tc", "filter", "add", "dev", "app0", "egress", "protocol", "ip", "pref", "7", "u32", "match", "ip",
                "dst", "198.51.100.7/32", "action", "mirred", "egress", "redirect", "dev", drop);
    }

    /** Only a fault's netfilter objects: chains and jumps, an nft table, an ipset. */
    public void addOwnedNetfilter(FaultId id) throws InterruptedException {
        String chain = "NETFAULT-" + id.value();
        String comment = "netfault:" + id.value();
        for (String t : new String[] {"iptables", "ip6tables"}) {
            a.run(t, "-N", chain);
            a.run(t, "-A", chain, "-p", "udp", "--dport", "9", "-m", "comment", "--comment", comment, "-j", "DROP");
            a.run(t, "-I", "INPUT", "1", "-m", "comment", "--comment", comment, "-j", chain);
        }
        a.runWithStdin("table netdev netfault_" + id.value() + " {\n chain egress {\n  type filter hook egress device"
                + " \"va\" priority 0; policy accept;\n  ip daddr 198.51.100.2 udp dport 10"
                + " counter drop\n }\n}\n",
                "nft", "-f", "-");
        a.run("ipset", "create", "nf" + id.value() + "-src", "hash:net");
    }

    /** Sends {@code count} UDP datagrams from {@code from} (one bash process; sends that fail with EPERM are fine). */
    public static void udp(TestNetns from, String address, int port, int count) throws InterruptedException {
        from.run("bash", "-c", "for i in $(seq 1 \"$1\"); do echo x 2>/dev/null > \"/dev/udp/$2/$3\"; done; true",
                "udp", String.valueOf(count), address, String.valueOf(port));
    }

    /** What the sweeper must leave byte-identical (counters zeroed where the tool prints them). */
    public String foreignSnapshot() throws InterruptedException {
        return String.join("\n---\n",
                a.run("iptables-save").replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+]", "[0:0]"),
                a.run("ip6tables-save").replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+]", "[0:0]"),
                a.run("nft", "list", "ruleset").replaceAll("packets \\d+ bytes \\d+", "packets 0 bytes 0"),
                a.run("tc", "-j", "qdisc", "show"),
                a.run("tc", "-j", "filter", "show", "dev", "app0", "egress"),
                a.run("ip", "-br", "link"),
                a.run("ipset", "list", "-n"));
    }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
