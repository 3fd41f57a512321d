package dev.netfault.bridge.testing;

import dev.netfault.bridge.plan.Command;

/**
 * What an application may already have in its namespace before netfault arrives, installed for tests that prove
 * netfault leaves it alone: iptables and ip6tables rules in filter and mangle (including an early {@code ACCEPT} in
 * INPUT for {@code acceptedPort}, which would hide a fault appended after it), an nftables table of its own, and an
 * htb root qdisc with a class and a u32 filter on the veth.
 *
 * <p>{@code ApplicationState.install(pair.b(), 8080)}
 */
public final class ApplicationState {

    /** The application's nftables table ({@code inet}). */
    public static final String NFT_TABLE = "app";
    /** The handle of the application's htb root qdisc. */
    public static final String HTB_HANDLE = "1:";

    private ApplicationState() {
    }

    public static void install(Netns ns, int acceptedPort) throws InterruptedException {
        String port = Integer.toString(acceptedPort);
        ns.exec(Command.of("iptables-restore", "-w", "5", "--noflush").withStdin(String.join("\n",
                "*filter",
                ":APP-IN - [0:0]",
                "-A INPUT -p tcp -m tcp --dport " + port + " -j ACCEPT",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A INPUT -j APP-IN",
                "-A APP-IN -p tcp -m tcp --dport 22 -m comment --comment \"app ssh\" -j ACCEPT",
                "-A OUTPUT -p udp -m udp --dport 5353 -j ACCEPT",
                "COMMIT",
                "*mangle",
                "-A OUTPUT -p tcp -m tcp --dport 8443 -j MARK --set-xmark 0x7/0xffffffff",
                "COMMIT",
                "")));
        ns.exec(Command.of("ip6tables-restore", "-w", "5", "--noflush").withStdin(String.join("\n",
                "*filter",
                "-A INPUT -p tcp -m tcp --dport " + port + " -j ACCEPT",
                "-A INPUT -p ipv6-icmp -j ACCEPT",
                "-A OUTPUT -p udp -m udp --dport 5353 -j ACCEPT",
                "COMMIT",
                "")));
        ns.exec(Command.of("nft", "-f", "-").withStdin(String.join("\n",
                "table inet " + NFT_TABLE + " {",
                "  set allowed { type ipv4_addr; elements = { 198.51.100.9 } }",
                "  chain in { type filter hook input priority 10; policy accept; ip saddr @allowed counter accept; }",
                "  chain out { type filter hook output priority 10; policy accept; tcp dport 5432 counter accept; }",
                "}",
                "")));
        ns.exec("tc", "qdisc", "add", "dev", ns.iface(), "root", "handle", HTB_HANDLE, "htb", "default", "10");
        ns.exec("tc", "class", "add", "dev", ns.iface(), "parent", HTB_HANDLE, "classid", "1:10", "htb", "rate", "1gbit");
        ns.exec("tc", "class", "add", "dev", ns.iface(), "parent", HTB_HANDLE, "classid", "1:20", "htb", "rate", "500mbit");
        ns.exec("tc", "filter", "add", "dev", ns.iface(), "parent", HTB_HANDLE, "protocol", "ip", "prio", "5",
                "u32", "match", "ip", "dport", "5432", "0xffff", "flowid", "1:20");
    }
}
