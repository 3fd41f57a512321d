package dev.netfault.bridge.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.nftlib.NftLoader;
import dev.netfault.bridge.nftlib.NftRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.state.FactsReader;
import dev.netfault.bridge.state.LinkQdiscs;
import dev.netfault.bridge.state.LinkSource;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * rtnetlink read on the library's thread against {@code ip -j link show} + {@code tc -j qdisc show} run by processes,
 * in a namespace the test filled with the shapes the planners care about: loopback, links up and down, an
 * application's htb root, a multiqueue {@code mq} root, ingress and clsact qdiscs, an ifb.
 */
@Tag("privileged")
class LinkDumpPrivilegedTest {

    private static final Duration T = Duration.ofSeconds(5);

    @BeforeEach
    void root() {
        Netns.assumeRoot();
    }

    @Test
    void inProcessDump_equalsTheTwoProcesses_fieldForField() throws Exception {
        try (Netns ns = Netns.create("nfrl")) {
            ns.exec("ip", "link", "add", "nfra", "type", "veth", "peer", "name", "nfrb");
            ns.exec("ip", "link", "set", "nfra", "up");
            ns.exec("ip", "link", "set", "nfrb", "up");
            ns.exec("tc", "qdisc", "add", "dev", "nfra", "root", "handle", "1:", "htb", "default", "10");
            ns.exec("tc", "qdisc", "add", "dev", "nfra", "ingress");
            ns.exec("ip", "link", "add", "nfrm", "numtxqueues", "4", "type", "ifb");
            ns.exec("ip", "link", "set", "nfrm", "up");
            ns.exec("tc", "qdisc", "add", "dev", "nfrm", "clsact");
            ns.exec("ip", "link", "add", "nfri", "type", "ifb");
            ns.exec("ip", "link", "add", "nfrt", "type", "veth", "peer", "name", "nfru");
            ns.exec("ip", "link", "set", "nfrt", "up");
            ns.exec("tc", "qdisc", "add", "dev", "nfrt", "root", "handle", "4e46:", "tbf", "rate", "1mbit", "burst",
                    "32kb", "latency", "50ms");

            List<LinkQdiscs> processes = new FactsReader(ns.runner()).processes();
            assertThat(ns.agentRunner()).isInstanceOf(LinkSource.class);
            Optional<List<LinkQdiscs>> inProcess = ((LinkSource) ns.agentRunner()).links(T);

            assertThat(inProcess).isPresent();
            assertThat(inProcess.get()).isEqualTo(processes);
            assertThat(inProcess.get()).hasSize(7);
            assertThat(inProcess.get()).contains(
                    new LinkQdiscs(InterfaceName.of("lo"), true, true, new RootQdisc("noqueue", "0:"),
                            Optional.empty()),
                    new LinkQdiscs(InterfaceName.of("nfra"), false, true, new RootQdisc("htb", "1:"),
                            Optional.of("ingress")),
                    new LinkQdiscs(InterfaceName.of("nfrm"), false, true, new RootQdisc("mq", "0:"),
                            Optional.of("clsact")),
                    new LinkQdiscs(InterfaceName.of("nfri"), false, false, new RootQdisc("noop", "0:"),
                            Optional.empty()),
                    new LinkQdiscs(InterfaceName.of("nfrt"), false, true, new RootQdisc("tbf", "4e46:"),
                            Optional.empty()));
            // and the reader a planner uses takes the in-process path
            assertThat(new FactsReader(ns.agentRunner()).links()).isEqualTo(processes);
        }
    }

    @Test
    void readsTheThreadsOwnNamespace_notTheHosts() throws Exception {
        try (Netns a = Netns.create("nfrl"); Netns b = Netns.create("nfrl")) {
            a.exec("ip", "link", "add", "nfrx", "type", "ifb");
            List<String> inA = names(((LinkSource) a.agentRunner()).links(T).orElseThrow());
            List<String> inB = names(((LinkSource) b.agentRunner()).links(T).orElseThrow());

            assertThat(inA).containsExactly("lo", "nfrx");
            assertThat(inB).containsExactly("lo");
        }
    }

    @Test
    void aNamespaceMadeAgainUnderItsName_isFollowed_byTheLinksAndByNft() throws Exception {
        try (Netns ns = Netns.create("nfrl")) {
            ns.exec("ip", "link", "add", "nfrold", "type", "ifb");
            NftLoader.Loaded loaded = NftLoader.load(ns.runner(), Optional.of(ns.path()), Optional.empty());
            try (NftRunner inProcess = (NftRunner) loaded.runner()) {
                assertThat(inProcess.run(Command.of("nft", "add", "table", "inet", "nfr_old"), T).exitCode()).isZero();
                assertThat(names(inProcess.links(T).orElseThrow())).containsExactly("lo", "nfrold");

                Netns.host("ip", "netns", "del", ns.name());
                Netns.host("ip", "netns", "add", ns.name());
                ns.exec("ip", "link", "add", "nfrnew", "type", "ifb");

                assertThat(names(inProcess.links(T).orElseThrow())).containsExactly("lo", "nfrnew");
                assertThat(inProcess.run(Command.of("nft", "list", "tables"), T).stdout()).doesNotContain("nfr_old");
                assertThat(inProcess.run(Command.of("nft", "add", "table", "inet", "nfr_new"), T).exitCode()).isZero();
                assertThat(ns.exec("nft", "list", "tables")).contains("table inet nfr_new");
            }
        }
    }

    @Test
    void tableDeletes_goAsOneKernelBatch_allOrNothing_andAMissingTableGetsNftsWords() throws Exception {
        try (Netns ns = Netns.create("nfrl")) {
            ns.exec("ip", "link", "add", "nfrd0", "type", "veth", "peer", "name", "nfrd1");
            ns.exec("ip", "link", "set", "nfrd0", "up");
            String tables = "table netdev nfr_a {\n set lease {\n  type ether_type; flags timeout;\n"
                    + "  elements = { ip timeout 15s }\n }\n chain egress {\n  type filter hook egress device nfrd0"
                    + " priority 0;\n  meta protocol @lease tcp dport 9 counter drop\n }\n}\n"
                    + "table inet nfr_b {\n chain input {\n  type filter hook input priority 0;\n  udp dport 9 drop\n }\n}\n";
            ns.exec(Command.of("nft", "-f", "-").withStdin(tables));
            String tablesBefore = ns.exec("nft", "list", "tables");
            assertThat(tablesBefore).contains("table netdev nfr_a", "table inet nfr_b");

            // (always on the library's thread, which is in the namespace: never this test thread's own namespace)
            NftLoader.Loaded loaded = NftLoader.load(ns.runner(), Optional.of(ns.path()), Optional.empty());
            try (NftRunner inProcess = (NftRunner) loaded.runner()) {
                // one table missing: the kernel refuses the whole batch and deletes nothing, then nft says why
                var partly = inProcess.run(Command.of("nft", "-f", "-").withStdin("delete table netdev nfr_a\n"
                        + "delete table inet nfr_missing\n"), T);
                assertThat(partly.exitCode()).isEqualTo(1);
                assertThat(inProcess.netlinkTableDeletes()).isZero();
                assertThat(partly.stderr()).contains("No such file or directory");
                assertThat(ns.exec("nft", "list", "tables")).isEqualTo(tablesBefore);

                var missing = inProcess.run(Command.of("nft", "delete", "table", "inet", "nfr_missing"), T);
                var binary = ns.run("nft", "delete", "table", "inet", "nfr_missing");
                assertThat(missing.exitCode()).isEqualTo(1);
                assertThat(missing.stderr()).isEqualTo(binary.stderr());

                var both = inProcess.run(Command.of("nft", "-f", "-").withStdin("delete table netdev nfr_a\n"
                        + "delete table inet nfr_b\n"), T);
                assertThat(both.exitCode()).as(both.stderr()).isZero();
                assertThat(inProcess.netlinkTableDeletes()).isEqualTo(1); // by the kernel batch, not the library
                assertThat(ns.exec("nft", "list", "tables").strip()).isEmpty();
            }
        }
    }

    private static List<String> names(List<LinkQdiscs> links) {
        return links.stream().map(l -> l.name().value()).toList();
    }
}
