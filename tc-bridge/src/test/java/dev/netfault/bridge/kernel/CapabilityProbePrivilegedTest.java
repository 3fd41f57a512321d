package dev.netfault.bridge.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.testing.Netns;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("privileged")
class CapabilityProbePrivilegedTest {

    private static final Map<String, Boolean> EXPECTED_HERE = Map.ofEntries(
            Map.entry("sch_netem", false), Map.entry("sch_prio", false), Map.entry("htb", true),
            Map.entry("ifb", true), Map.entry("clsact", true), Map.entry("mirred", true), Map.entry("u32", true),
            Map.entry("nftables", true), Map.entry("nft_egress_hook", true), Map.entry("iptables", true),
            Map.entry("ip6tables", true), Map.entry("xt_time", true), Map.entry("xt_statistic", true),
            Map.entry("xt_comment", true), Map.entry("ipset", true));

    @Test
    void probe_scratchNamespaceMatchesKernelFacts() throws Exception {
        List<String> before = netnsList();
        long start = System.nanoTime();
        Capabilities caps = new CapabilityProbe(new ProcessCommandRunner(), "nfkr", Clock.systemUTC(),
                FaultId::random).probe();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("probe (scratch namespace) took " + millis + " ms: " + caps);

        assertThat(verdicts(caps)).isEqualTo(EXPECTED_HERE);
        assertThat(caps.iptablesBackend()).isEqualTo("nf_tables");
        assertThat(caps.reasons()).containsEntry("sch_netem", "Error: Specified qdisc kind is unknown.")
                .containsEntry("sch_prio", "Error: Specified qdisc kind is unknown.");
        assertThat(caps.reasons().get("u32_mark")).contains("without the mark key");
        assertThat(millis).isLessThan(2000);
        assertThat(netnsList()).isEqualTo(before);
    }

    @Test
    void probe_throughNetnsRunnerNestsIntoScratchNamespace() throws Exception {
        try (Netns ns = Netns.create("nfkr")) {
            String before = snapshot(ns);
            List<String> namespaces = netnsList();

            Capabilities caps = new CapabilityProbe(ns.runner(), "nfkr", Clock.systemUTC(), FaultId::random).probe();

            assertThat(verdicts(caps)).isEqualTo(EXPECTED_HERE);
            assertThat(snapshot(ns)).isEqualTo(before);
            assertThat(netnsList()).isEqualTo(namespaces);
        }
    }

    @Test
    void probe_inTargetWhenNoScratchNamespaceLeavesItUnchanged() throws Exception {
        try (Netns ns = Netns.create("nfkr")) {
            ns.exec("ip", "link", "add", "app0", "type", "ifb");
            ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT");
            String before = snapshot(ns);
            CommandRunner sidecar = (c, t) -> c.argv().subList(0, Math.min(3, c.argv().size()))
                    .equals(List.of("ip", "netns", "add"))
                    ? new CommandResult(1, "", "mount --make-shared /run/netns failed: Operation not permitted")
                    : ns.runner().run(c, t);
            long start = System.nanoTime();
            Capabilities caps = new CapabilityProbe(sidecar, "nfkr", Clock.systemUTC(), FaultId::random).probe();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("probe (in target namespace) took " + millis + " ms");

            assertThat(verdicts(caps)).isEqualTo(EXPECTED_HERE);
            assertThat(snapshot(ns)).isEqualTo(before);
        }
    }

    @Test
    void probe_withoutRootReportsEverythingMissing() throws Exception {
        CommandRunner nobody = (c, t) -> new ProcessCommandRunner().run(c.prefixed(List.of("setpriv",
                "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all")), t);
        Capabilities caps = new CapabilityProbe(nobody, "nfkr", Clock.systemUTC(), FaultId::random).probe();

        assertThat(verdicts(caps)).allSatisfy((k, v) -> assertThat(v).as(k).isFalse());
        assertThat(caps.reasons()).allSatisfy((k, v) -> assertThat(v).as(k).contains(Attempt.NEEDS_ROOT));
    }

    static Map<String, Boolean> verdicts(Capabilities c) {
        return Map.ofEntries(
                Map.entry("sch_netem", c.netem()), Map.entry("sch_prio", c.prio()), Map.entry("htb", c.htb()),
                Map.entry("ifb", c.ifb()), Map.entry("clsact", c.clsact()), Map.entry("mirred", c.mirred()),
                Map.entry("u32", c.u32()), Map.entry("nftables", c.nftables()),
                Map.entry("nft_egress_hook", c.nftEgressHook()), Map.entry("iptables", c.iptables()),
                Map.entry("ip6tables", c.ip6tables()), Map.entry("xt_time", c.matchTime()),
                Map.entry("xt_statistic", c.matchStatistic()), Map.entry("xt_comment", c.matchComment()),
                Map.entry("ipset", c.ipset()));
    }

    private static List<String> netnsList() throws InterruptedException {
        return Netns.host("ip", "netns", "list").lines().filter(l -> l.startsWith("nfkr")).sorted().toList();
    }

    private static String snapshot(Netns ns) throws InterruptedException {
        return String.join("\n---\n", ns.exec("ip", "-br", "link"), ns.exec("tc", "-j", "qdisc", "show"),
                ns.exec("nft", "list", "ruleset"), ns.exec("iptables", "-S"), ns.exec("ip6tables", "-S"),
                ns.exec("ipset", "list", "-n"));
    }
}
