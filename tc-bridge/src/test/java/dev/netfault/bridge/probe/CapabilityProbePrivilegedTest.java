package dev.netfault.bridge.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.Attempt;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.testing.Netns;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("privileged")
class CapabilityProbePrivilegedTest {

    private static final Map<Feature, Boolean> EXPECTED_HERE = Map.ofEntries(
            Map.entry(Feature.NETEM, false), Map.entry(Feature.PRIO, false), Map.entry(Feature.HTB, true),
            Map.entry(Feature.TBF, true), Map.entry(Feature.CLS_BPF, true),
            Map.entry(Feature.IFB, true), Map.entry(Feature.CLSACT, true), Map.entry(Feature.MIRRED, true),
            Map.entry(Feature.U32, true), Map.entry(Feature.NFTABLES, true), Map.entry(Feature.NFT_EGRESS_HOOK, true),
            Map.entry(Feature.IPTABLES, true), Map.entry(Feature.IP6TABLES, true), Map.entry(Feature.MATCH_TIME, true),
            Map.entry(Feature.MATCH_COMMENT, true), Map.entry(Feature.IPSET, true),
            Map.entry(Feature.EM_IPSET, false)); // no cls_basic here: "Error: TC classifier not found."

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
        assertThat(caps.missingReasons()).containsEntry(Feature.NETEM, "Error: Specified qdisc kind is unknown.")
                .containsEntry(Feature.PRIO, "Error: Specified qdisc kind is unknown.");
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

        assertThat(verdicts(caps)).allSatisfy((k, v) -> assertThat(v).as(k.key()).isFalse());
        assertThat(caps.missingReasons()).allSatisfy((k, v) -> assertThat(v).as(k.key()).contains(Attempt.NEEDS_ROOT));
    }

    /** Every feature, present or not. */
    static Map<Feature, Boolean> verdicts(Capabilities c) {
        Map<Feature, Boolean> v = new EnumMap<>(Feature.class);
        for (Feature f : Feature.values()) {
            v.put(f, c.has(f));
        }
        return v;
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
