package dev.netfault.bridge.probe;

import static dev.netfault.bridge.testing.Captured.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.testing.RecordingRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CapabilityProbeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final String NS = "nsenter --net=/run/netns/nfkr00000001 ";
    /** What this machine's 6.18 kernel (no cls_basic) answers to a basic filter. */
    static final String NO_CLS_BASIC = "Error: TC classifier not found.\nWe have an error talking to the kernel";

    /** Answers the probe as this machine's kernel did (captured output), tracking which root qdisc was added last. */
    private static RecordingRunner thisKernel(String filterShowFile) {
        return thisKernel(filterShowFile, c -> null);
    }

    /** This kernel's answers, except where {@code first} answers (e.g. as a guest kernel with cls_basic would). */
    private static RecordingRunner thisKernel(String filterShowFile, Function<Command, CommandResult> first) {
        String[] lastQdisc = {"clsact"};
        RecordingRunner r = new RecordingRunner().when(first);
        r.when(c -> {
            String l = c.line();
            if (l.contains("tc qdisc add") && l.contains(" root ")) {
                lastQdisc[0] = l.contains("htb") ? "htb" : l.contains("tbf") ? "tbf" : "other";
            } else if (l.contains("tc qdisc add") && l.contains("clsact")) {
                lastQdisc[0] = "clsact";
            }
            return null;
        });
        r.when("iptables -V", ok(read("iptables-V.txt")))
                .when(c -> c.argv().contains("basic") ? fail(2, NO_CLS_BASIC) : null)
                .when(c -> c.line().contains("tc qdisc add") && (c.line().contains("netem") || c.line().endsWith(" prio"))
                        ? fail(2, read("probe-netem-stderr.txt")) : null)
                .when("ip -d -j link show dev", ok(read("probe-ip-link-ifb.json")))
                .when(c -> c.line().contains("tc -j qdisc show dev")
                        ? ok(read(lastQdisc[0].equals("htb") ? "probe-tc-qdisc-htb.json" : lastQdisc[0].equals("tbf")
                                ? "probe-tc-qdisc-tbf.json" : "probe-tc-qdisc-clsact.json"))
                        : null)
                .when("tc -j filter show dev", ok(read(filterShowFile)))
                .when("nft -j list table netdev", ok(read("probe-nft-table.json")))
                .when("tables -w 5 -S NETFAULT-", ok(read("probe-iptables-S.txt")))
                .when("ipset list -t", ok(read("probe-ipset-list-t.txt")));
        return r;
    }

    @Test
    void probe_scratchNamespaceRunsExactlyThese() throws Exception {
        RecordingRunner runner = thisKernel("probe-tc-filter-u32.json");

        Capabilities caps = new CapabilityProbe(runner, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(caps.present()).isEqualTo(EnumSet.complementOf(EnumSet.of(Feature.NETEM, Feature.PRIO, Feature.EM_IPSET)));
        assertThat(caps.iptablesBackend()).isEqualTo("nf_tables");
        assertThat(caps.missingReasons()).containsOnlyKeys(Feature.NETEM, Feature.PRIO, Feature.EM_IPSET)
                .containsEntry(Feature.NETEM, "Error: Specified qdisc kind is unknown.");
        assertThat(caps.reason(Feature.EM_IPSET)).isEqualTo("Error: TC classifier not found. / We have an error talking "
                + "to the kernel");
        String p = "nf00000001p";
        assertThat(runner.lines()).containsExactly(
                "iptables -V",
                "ip netns add nfkr00000001",
                NS + "ip link add " + p + " type ifb",
                NS + "ip -d -j link show dev " + p,
                NS + "tc qdisc add dev " + p + " root handle 4e46: netem delay 1ms",
                NS + "tc qdisc add dev " + p + " root handle 4e46: prio",
                NS + "tc qdisc add dev " + p + " root handle 4e46: htb default 1",
                NS + "tc -j qdisc show dev " + p,
                NS + "tc qdisc del dev " + p + " root handle 4e46:",
                NS + "tc qdisc add dev " + p + " root handle 4e46: tbf rate 1mbit burst 18432 limit 65536",
                NS + "tc -j qdisc show dev " + p,
                NS + "tc qdisc del dev " + p + " root handle 4e46:",
                NS + "tc qdisc add dev " + p + " clsact",
                NS + "tc -j qdisc show dev " + p,
                NS + "tc filter add dev " + p + " egress protocol ip pref 1 u32 match ip dst 198.51.100.1/32 action"
                        + " mirred egress redirect dev " + p,
                NS + "tc -j filter show dev " + p + " egress",
                NS + "tc filter add dev " + p + " egress protocol all pref 2 bpf bytecode '4,32 0 0 4294963220,21 0 1 "
                        + "20038,6 0 0 4294967295,6 0 0 0,' classid 1:1",
                NS + "tc -j filter show dev " + p + " egress",
                NS + "nft -f -",
                NS + "nft -j list table netdev netfault_00000001",
                NS + "iptables-restore -w 5 --noflush",
                NS + "iptables -w 5 -S NETFAULT-00000001",
                NS + "ip6tables-restore -w 5 --noflush",
                NS + "ip6tables -w 5 -S NETFAULT-00000001",
                NS + "ipset create nf00000001-probe hash:net",
                NS + "ipset list -t nf00000001-probe",
                NS + "ipset create nf00000001-gate hash:net family inet timeout 60",
                NS + "tc filter add dev " + p + " ingress pref 7 protocol all basic match 'ipset(nf00000001-gate src)' "
                        + "classid 1:1",
                "ip netns del nfkr00000001");
        Command nft = runner.commands().get(18);
        assertThat(nft.env()).containsEntry("TZ", "UTC");
        assertThat(nft.stdin()).contains("hook egress device \"nf00000001p\"", "meta time < \"2026-11-26 13:00:00\"");
        assertThat(runner.commands().get(20).stdin()).isEqualTo("""
                *filter
                :NETFAULT-00000001 - [0:0]
                -A NETFAULT-00000001 -m time --datestop 2026-11-26T13:00:00 --utc -j DROP
                -A NETFAULT-00000001 -m comment --comment netfault:00000001 -j DROP
                COMMIT
                """);
    }

    @Test
    void probe_basicIpsetFilterListedWithItsMatchIsTheIngressLeaseGate() throws Exception {
        RecordingRunner all = thisKernel("probe-tc-filter-u32.json", c -> c.argv().contains("basic") ? ok("")
                : c.line().endsWith("tc filter show dev nf00000001p ingress") ? ok("filter parent ffff:fff2 protocol all "
                + "pref 7 basic chain 0 handle 0x1 flowid 1:1\n  ipset(nf00000001-gate src)\n") : null);

        Capabilities caps = new CapabilityProbe(all, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(caps.has(Feature.EM_IPSET)).isTrue();
    }

    @Test
    void probe_basicFilterListedWithoutItsIpsetMatchWouldMatchEverything() throws Exception {
        RecordingRunner all = thisKernel("probe-tc-filter-u32.json", c -> c.argv().contains("basic") ? ok("")
                : c.line().endsWith("tc filter show dev nf00000001p ingress")
                ? ok("filter parent ffff:fff2 protocol all pref 7 basic chain 0 handle 0x1 flowid 1:1\n") : null);

        Capabilities caps = new CapabilityProbe(all, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(caps.has(Feature.EM_IPSET)).isFalse();
        assertThat(caps.reason(Feature.EM_IPSET)).isEqualTo("tc accepted 'basic match ipset(nf00000001-gate src)' but the "
                + "kernel lists the filter without its ipset match: it would match every packet");
    }

    @Test
    void probe_withoutIpsetThereIsNoIngressLeaseGate() throws Exception {
        RecordingRunner runner = thisKernel("probe-tc-filter-u32.json", c -> c.argv().contains("ipset")
                ? new CommandResult(127, "", "nsenter: failed to execute ipset: No such file or directory") : null);

        Capabilities caps = new CapabilityProbe(runner, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(caps.reason(Feature.EM_IPSET)).isEqualTo("needs ipset: ipset not found on PATH");
        assertThat(runner.lines()).noneMatch(l -> l.contains(" basic "));
    }

    @Test
    void probe_u32FilterReadBackWithoutItsKeyIsNotSupported() throws Exception {
        RecordingRunner runner = thisKernel("probe-tc-filter-u32-without-key.json");

        Capabilities caps = new CapabilityProbe(runner, "nfkr", CLOCK, () -> new FaultId("00000002")).probe();

        assertThat(caps.has(Feature.U32)).isFalse();
        assertThat(caps.reason(Feature.U32)).isEqualTo("tc accepted 'u32 match ip dst 198.51.100.1/32' but the kernel "
                + "installed it without its match key: it would match every packet");
        assertThat(caps.has(Feature.MIRRED)).isTrue();
        assertThat(caps.has(Feature.HTB)).isTrue();
    }

    @Test
    void probe_inTargetNamespaceUndoesEverythingInReverse() throws Exception {
        RecordingRunner runner = thisKernel("probe-tc-filter-u32.json")
                .when("ip netns add", fail(1, "mount --make-shared /run/netns failed: Operation not permitted"))
                .when("nft list table ip filter", fail(1, "Error: No such file or directory"));

        Capabilities caps = new CapabilityProbe(runner, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(caps.has(Feature.HTB)).isTrue();
        assertThat(caps.has(Feature.NFT_EGRESS_HOOK)).isTrue();
        assertThat(runner.lines()).noneMatch(l -> l.startsWith("nsenter"));
        assertThat(runner.lines().subList(runner.lines().size() - 9, runner.lines().size())).containsExactly(
                "ipset destroy nf00000001-probe",
                "ip6tables -w 5 -F NETFAULT-00000001",
                "ip6tables -w 5 -X NETFAULT-00000001",
                "iptables -w 5 -F NETFAULT-00000001",
                "iptables -w 5 -X NETFAULT-00000001",
                "nft -j list table ip filter",
                "nft delete table ip filter",
                "nft delete table netdev netfault_00000001",
                "ip link del nf00000001p");
    }

    @Test
    void probe_withoutIfbOrDummyUsesVethPairAndSaysWhy() throws Exception {
        RecordingRunner runner = thisKernel("probe-tc-filter-u32.json")
                .when(c -> c.line().endsWith("type ifb") || c.line().endsWith("type dummy")
                        ? new CommandResult(2, "", "Error: Unknown device type.") : null);

        Capabilities caps = new CapabilityProbe(runner, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(caps.has(Feature.IFB)).isFalse();
        assertThat(caps.reason(Feature.IFB)).isEqualTo("Error: Unknown device type.");
        assertThat(caps.has(Feature.HTB)).isTrue();
        assertThat(runner.lines()).contains(NS + "ip link add nf00000001p type veth peer name nf00000001q");
    }

    @Test
    void probe_missingBinariesAreNamed() throws Exception {
        RecordingRunner runner = thisKernel("probe-tc-filter-u32.json")
                .when(c -> c.argv().contains("nft") || c.argv().contains("ipset")
                        ? new CommandResult(127, "", "nsenter: failed to execute nft: No such file or directory")
                        : null);

        Capabilities caps = new CapabilityProbe(runner, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(caps.has(Feature.NFTABLES)).isFalse();
        assertThat(caps.reason(Feature.NFTABLES)).isEqualTo("nft not found on PATH");
        assertThat(caps.reason(Feature.NFT_EGRESS_HOOK)).isEqualTo("nft not found on PATH");
        assertThat(caps.reason(Feature.IPSET)).isEqualTo("ipset not found on PATH");
        assertThat(caps.has(Feature.IPTABLES)).isTrue();
    }

    @Test
    void probe_withoutPrivilegesEverythingNeedsRoot() throws Exception {
        String eperm = "RTNETLINK answers: Operation not permitted";
        RecordingRunner runner = new RecordingRunner()
                .when("iptables -V", ok(read("iptables-V.txt")))
                .when("ip netns add", fail(1, "mount --make-shared /run/netns failed: Operation not permitted"))
                .when("ip link add", fail(2, eperm))
                .when("nft", fail(1, "netlink: Error: cache initialization failed: Operation not permitted"))
                .when("tables", fail(4, "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: "
                        + "Permission denied (you must be root)"))
                .when("ipset", fail(1, "ipset v7.17: Kernel error received: Operation not permitted"));

        Capabilities caps = new CapabilityProbe(runner, "nfkr", CLOCK, () -> new FaultId("00000001")).probe();

        assertThat(CapabilityProbePrivilegedTest.verdicts(caps)).allSatisfy((k, v) -> assertThat(v).as(k.key()).isFalse());
        assertThat(caps.missingReasons()).allSatisfy((k, v) -> assertThat(v).as(k.key()).contains("needs root / CAP_NET_ADMIN"));
        assertThat(caps.reason(Feature.NETEM)).isEqualTo("no scratch link to try it on: needs root / CAP_NET_ADMIN ("
                + eperm + ")");
        assertThat(caps.iptablesBackend()).isEqualTo("nf_tables");
    }

    @Test
    void backendOf_readsIptablesVersionLine() {
        assertThat(CapabilityProbe.backendOf(read("iptables-V.txt"))).isEqualTo("nf_tables");
        assertThat(CapabilityProbe.backendOf("iptables v1.8.9 (legacy)\n")).isEqualTo("legacy");
        assertThat(CapabilityProbe.backendOf("iptables v1.6.1\n")).isEqualTo("legacy");
        assertThat(CapabilityProbe.backendOf("something else")).isEqualTo("unknown");
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    private static CommandResult fail(int exit, String stderr) {
        return new CommandResult(exit, "", stderr);
    }
}
