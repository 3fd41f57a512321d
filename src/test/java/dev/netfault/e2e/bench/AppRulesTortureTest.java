package dev.netfault.e2e.bench;

import dev.netfault.e2e.AgentClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 5c: a namespace pre-loaded with an application's own iptables and ip6tables rules (filter and nat, a
 * custom chain), an nftables table and an htb tree with a u32 filter on its interface; then {@value #CYCLES} random
 * fault cycles (one to three faults started, then stopped in random order) through the agent. Asserted: after every
 * 20 cycles and at the end the namespace's whole state is byte-identical to the state before the agent started.
 */
@Tag("bench")
class AppRulesTortureTest {

    static final int CYCLES = 100;
    static final String[][] POOL = {
        {"/fault/v1/network-blackhole-port/", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}"},
        {"/fault/v1/network-blackhole-port/", "{\"Port\":9002,\"Protocol\":\"udp\",\"TrafficType\":\"egress\"}", "{\"Port\":9002,\"Protocol\":\"udp\",\"TrafficType\":\"egress\"}"},
        {"/fault/v1/network-blackhole-port/", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"}", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"}"},
        {"/fault/v1/network-blackhole-port/", "{\"Port\":9003,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\",\"SourcesToFilter\":[\"198.51.100.9\"]}", "{\"Port\":9003,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"}"},
        {"/fault/v1/network-packet-loss/", "{\"LossPercent\":25,\"Sources\":[\"198.51.100.2\",\"2001:db8::2\"]}", ""},
    };

    @TempDir
    Path tmp;

    @Test
    void appRules_byteIdenticalAfterRandomCycles() throws Exception {
        try (BenchSetup s = BenchSetup.create(tmp)) {
            s.agent.close();
            preload(s.a());
            KernelSnapshot app = s.snapshot();
            s.startAgent(null);
            Random random = new Random(5);
            Map<Integer, Integer> statuses = new TreeMap<>();
            int checks = 0;
            for (int c = 1; c <= CYCLES; c++) {
                List<Integer> picked = new ArrayList<>(List.of(0, 1, 2, 3, 4));
                Collections.shuffle(picked, random);
                picked = picked.subList(0, 1 + random.nextInt(3));
                for (int i : picked) {
                    AgentClient.Response r = s.client.post(POOL[i][0] + "start", POOL[i][1]);
                    statuses.merge(r.status(), 1, Integer::sum);
                    assertThat(r.status()).as("start " + POOL[i][1] + ": " + r.body()).isEqualTo(200);
                }
                Collections.shuffle(picked, random);
                for (int i : picked) {
                    AgentClient.Response r = s.client.post(POOL[i][0] + "stop", POOL[i][2]);
                    assertThat(r.body()).isEqualTo("{\"Status\":\"stopped\"}");
                }
                if (c % 20 == 0) {
                    KernelSnapshot now = s.snapshot();
                    assertThat(now).as("after " + c + " cycles:\n" + app.diff(now)).isEqualTo(app);
                    checks++;
                }
            }
            s.agent.close();
            KernelSnapshot end = s.snapshot();
            assertThat(end).as("after SIGTERM:\n" + app.diff(end)).isEqualTo(app);
            BenchReport.row("5 torture", "app rules: byte differences after " + CYCLES + " random fault cycles", 0, "", "0",
                    true, "iptables/ip6tables (filter+nat, custom chain), nft table, htb tree + u32 filter; "
                            + (checks + 1) + " full comparisons; starts " + statuses);
            unload(s.a());
        }
    }

    /** The application's own state: it must come out of every fault cycle byte for byte the same. */
    static void preload(Netns a) throws InterruptedException {
        String dev = a.iface();
        for (String tool : List.of("iptables", "ip6tables")) {
            a.exec(tool, "-w", "-N", "APP-EGRESS");
            a.exec(tool, "-w", "-A", "APP-EGRESS", "-p", "tcp", "--dport", "5432", "-j", "RETURN");
            a.exec(tool, "-w", "-A", "OUTPUT", "-j", "APP-EGRESS");
            a.exec(tool, "-w", "-A", "OUTPUT", "-p", "udp", "--dport", "53", "-j", "ACCEPT");
            a.exec(tool, "-w", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
            a.exec(tool, "-w", "-A", "INPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
            a.exec(tool, "-w", "-A", "FORWARD", "-j", "DROP");
        }
        a.exec("iptables", "-w", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "--dport", "8443", "-j", "REDIRECT",
                "--to-ports", "8080");
        a.exec(Command.of("nft", "-f", "-").withStdin("table inet app {\n"
                + "  set allowed { type ipv4_addr; flags interval; elements = { 198.51.100.0/28 } }\n"
                + "  chain out { type filter hook output priority 10; policy accept; tcp dport 5432 counter accept; }\n"
                + "  chain in { type filter hook input priority 10; policy accept; ip saddr @allowed counter accept; }\n"
                + "}\n"));
        a.exec("tc", "qdisc", "add", "dev", dev, "root", "handle", "1:", "htb", "default", "10");
        a.exec("tc", "class", "add", "dev", dev, "parent", "1:", "classid", "1:1", "htb", "rate", "1gbit");
        a.exec("tc", "class", "add", "dev", dev, "parent", "1:1", "classid", "1:10", "htb", "rate", "900mbit", "ceil", "1gbit");
        a.exec("tc", "class", "add", "dev", dev, "parent", "1:1", "classid", "1:20", "htb", "rate", "100mbit");
        a.exec("tc", "filter", "add", "dev", dev, "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip",
                "dport", "5432", "0xffff", "flowid", "1:20");
    }

    /** Removes the application state again, so the fixture's own leak check compares like with like. */
    static void unload(Netns a) throws InterruptedException {
        for (String tool : List.of("iptables", "ip6tables")) {
            a.exec(tool, "-w", "-F");
            a.exec(tool, "-w", "-X");
        }
        a.exec("iptables", "-w", "-t", "nat", "-F");
        a.exec("nft", "delete", "table", "inet", "app");
        a.exec("tc", "qdisc", "del", "dev", a.iface(), "root");
    }
}
