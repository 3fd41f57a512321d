package dev.netfault.bridge.state;

import static dev.netfault.bridge.testing.Captured.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.testing.RecordingRunner;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

public class StateReaderTest {

    private static final FaultId F = new FaultId("1a2b3c4d");
    private static final Optional<FaultId> OWNER = Optional.of(F);

    /** The namespace capture.sh built: fault 1a2b3c4d's objects next to foreign look-alikes. */
    public static RecordingRunner captured() {
        return new RecordingRunner()
                .when("iptables-save -c", ok(read("iptables-save-c.txt")))
                .when("ip6tables-save -c", ok(read("ip6tables-save-c.txt")))
                .when("nft -j list ruleset", ok(read("nft-ruleset.json")))
                .when("tc -s -j qdisc show", ok(read("tc-s-qdisc.json")))
                .when("tc -j filter show dev va ingress", ok(read("tc-filter-va-ingress.json")))
                .when("tc -j filter show dev app0 ingress", ok(read("tc-filter-app0-ingress.json")))
                .when("tc -j filter show dev app0 egress", ok(read("tc-filter-app0-egress.json")))
                .when("ip -s -d -j link show", ok(read("ip-sd-link.json")))
                .when("ipset list -t", ok(read("ipset-list-t.txt")));
    }

    @Test
    void read_onlyWhatIsAsked_oneNftProcessForNftables() throws Exception {
        RecordingRunner runner = captured();

        KernelState state = new StateReader(runner).read(java.util.Set.of(dev.netfault.bridge.plan.Touches.NFTABLES));

        assertThat(state.objects()).containsExactly(
                obj(ObjectKind.NFT_TABLE, "netfault_1a2b3c4d", "netdev", "", null, new Counters(4, 176, 4)));
        assertThat(runner.lines()).containsExactly("nft -j list ruleset");
    }

    @Test
    void read_ofFewFaults_readsTheirNftTablesByName_withCounters_andAnAbsentFamilyIsNone() throws Exception {
        String table = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}, {\"table\": {\"family\": \"netdev\","
                + " \"name\": \"netfault_1a2b3c4d\", \"handle\": 3}}, {\"rule\": {\"family\": \"netdev\", \"table\":"
                + " \"netfault_1a2b3c4d\", \"chain\": \"egress\", \"handle\": 4, \"expr\": [{\"counter\": {\"packets\": 4,"
                + " \"bytes\": 176}}, {\"drop\": null}]}}]}";
        FaultId other = new FaultId("0e0e0e0e");
        RecordingRunner runner = new RecordingRunner()
                .when("nft -j -t list table netdev netfault_1a2b3c4d", ok(table))
                .when("nft -j -t list table", new CommandResult(1, "", "Error: No such file or directory\nlist table"
                        + " inet netfault_1a2b3c4d\n"));

        KernelState state = new StateReader(runner).read(java.util.Set.of(dev.netfault.bridge.plan.Touches.NFTABLES),
                List.of(F, other));

        assertThat(state.objects()).containsExactly(
                obj(ObjectKind.NFT_TABLE, "netfault_1a2b3c4d", "netdev", "", null, new Counters(4, 176, 4)));
        assertThat(runner.lines()).containsExactly("nft -j -t list table netdev netfault_1a2b3c4d",
                "nft -j -t list table inet netfault_1a2b3c4d", "nft -j -t list table netdev netfault_0e0e0e0e",
                "nft -j -t list table inet netfault_0e0e0e0e");
    }

    @Test
    void read_ofFewFaults_anyOtherNftFailureIsAnError_andManyFaultsReadTheRuleset() throws Exception {
        RecordingRunner broken = new RecordingRunner()
                .when("nft -j -t list table", new CommandResult(1, "", "Error: Operation not permitted\n"));
        assertThatThrownBy(() -> new StateReader(broken).read(java.util.Set.of(
                dev.netfault.bridge.plan.Touches.NFTABLES), List.of(F)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("nft -j -t list table netdev netfault_1a2b3c4d")
                .hasMessageContaining("Operation not permitted");

        List<FaultId> many = new java.util.ArrayList<>();
        for (int i = 0; i <= StateReader.NFT_BY_NAME_MAX; i++) {
            many.add(new FaultId(String.format("%08x", i)));
        }
        RecordingRunner runner = captured();
        KernelState state = new StateReader(runner).read(java.util.Set.of(dev.netfault.bridge.plan.Touches.NFTABLES),
                many);
        assertThat(runner.lines()).containsExactly("nft -j list ruleset");
        assertThat(state.objects()).hasSize(1);
    }

    @Test
    void read_tcIncludesItsLinks_ipsetAlone() throws Exception {
        RecordingRunner tc = captured();
        new StateReader(tc).read(java.util.Set.of(dev.netfault.bridge.plan.Touches.TC));
        RecordingRunner ipset = captured();
        new StateReader(ipset).read(java.util.Set.of(dev.netfault.bridge.plan.Touches.IPSET));

        assertThat(tc.lines()).containsExactly("tc -s -j qdisc show", "tc -j filter show dev va ingress",
                "tc -j filter show dev app0 ingress", "tc -j filter show dev app0 egress", "ip -s -d -j link show");
        assertThat(ipset.lines()).containsExactly("ipset list -t");
    }

    @Test
    void read_capturedNamespaceReportsOnlyOwnedObjects() throws Exception {
        RecordingRunner runner = captured();

        KernelState state = new StateReader(runner).read();

        String jump = "-A INPUT -m comment --comment \"netfault:1a2b3c4d\" -j NETFAULT-1a2b3c4d";
        String outputDrop = "-A OUTPUT -p udp -m udp --dport 9 -m comment --comment \"netfault:1a2b3c4d\" -m time "
                + "--datestop 2037-01-01T00:00:00 -j DROP";
        assertThat(state.objects()).containsExactly(
                obj(ObjectKind.IPTABLES_CHAIN, "NETFAULT-1a2b3c4d", "filter", "", null, new Counters(5, 150, 5)),
                obj(ObjectKind.IPTABLES_RULE, jump, "filter", "INPUT", null, new Counters(5, 150, 0)),
                obj(ObjectKind.IPTABLES_RULE, outputDrop, "filter", "OUTPUT", null, new Counters(3, 90, 3)),
                obj(ObjectKind.IP6TABLES_CHAIN, "NETFAULT-1a2b3c4d", "filter", "", null, new Counters(2, 100, 2)),
                obj(ObjectKind.IP6TABLES_RULE, jump, "filter", "INPUT", null, new Counters(3, 172, 0)),
                obj(ObjectKind.NFT_TABLE, "netfault_1a2b3c4d", "netdev", "", null, new Counters(4, 176, 4)),
                new KernelObject(ObjectKind.TC_QDISC, "4e46:", "htb", "root", Optional.of("va"), Optional.empty(),
                        new Counters(3, 238, 0)),
                new KernelObject(ObjectKind.TC_QDISC, "4e47:", "pfifo", "4e46:1", Optional.of("va"), Optional.empty(),
                        new Counters(3, 238, 0)),
                obj(ObjectKind.TC_INGRESS, "ffff:", "ingress", "ffff:fff1", "va", new Counters(10, 446, 0)),
                obj(ObjectKind.TC_FILTER, "pref 7", "egress", "clsact", "app0", Counters.ZERO),
                obj(ObjectKind.LINK, "nf1a2b3c4di", "ifb", "", "nf1a2b3c4di", new Counters(11, 510, 1)),
                obj(ObjectKind.LINK, "nf1a2b3c4dd", "ifb", "", "nf1a2b3c4dd", Counters.ZERO),
                obj(ObjectKind.IPSET, "nf1a2b3c4d-src", "hash:net", "", null, Counters.ZERO));
        assertThat(runner.lines()).containsExactly("iptables-save -c", "ip6tables-save -c", "nft -j list ruleset",
                "tc -s -j qdisc show", "tc -j filter show dev va ingress", "tc -j filter show dev app0 ingress",
                "tc -j filter show dev app0 egress", "ip -s -d -j link show", "ipset list -t");
        assertThat(state.owners()).containsExactly(F);
        assertThat(state.objectsOf(F)).hasSize(11);
        assertThat(state.tcRootOn("va")).map(KernelObject::type).hasValue("htb");
        assertThat(state.tcRootOn("app0")).isEmpty();
        assertThat(state.isEmpty()).isFalse();
    }

    @Test
    void read_scopedToWhatAPlanTouches_runsOnlyThoseTools() throws Exception {
        RecordingRunner nft = captured();
        KernelState nftOnly = new StateReader(nft).read(Set.of(Touches.NFTABLES));
        assertThat(nft.lines()).containsExactly("nft -j list ruleset");
        assertThat(nftOnly.objectsOf(F)).extracting(KernelObject::name).containsExactly("netfault_1a2b3c4d");

        RecordingRunner tc = captured();
        new StateReader(tc).read(Set.of(Touches.TC_TREE));
        assertThat(tc.lines()).containsExactly("tc -s -j qdisc show", "tc -j filter show dev va ingress",
                "tc -j filter show dev app0 ingress", "tc -j filter show dev app0 egress", "ip -s -d -j link show");

        RecordingRunner ipt = captured();
        new StateReader(ipt).read(EnumSet.of(Touches.IPTABLES, Touches.IPSET));
        assertThat(ipt.lines()).containsExactly("iptables-save -c", "ip6tables-save -c", "ipset list -t");

        RecordingRunner none = captured();
        assertThat(new StateReader(none).read(Set.of()).objects()).hasSize(13);
        assertThat(none.lines()).hasSize(9);
    }

    @Test
    void actionsFromText_agreeWithJsonOnCapturedFilters() {
        assertThat(TcState.actionsFromText("ingress", read("tc-filter-va-ingress.txt")))
                .isEqualTo(TcState.actionsFromJson("va", "ingress", read("tc-filter-va-ingress.json")))
                .containsExactly(new TcState.Action("ingress 1", "nf1a2b3c4di"));
        assertThat(TcState.actionsFromText("egress", read("tc-filter-app0-egress.txt")))
                .isEqualTo(TcState.actionsFromJson("app0", "egress", read("tc-filter-app0-egress.json")))
                .containsExactly(new TcState.Action("egress 7", "nf1a2b3c4dd"), new TcState.Action("egress 8", "nfx"));
    }

    @Test
    void read_filterJsonBrokenByPlainTextFallsBackToTextForm() throws Exception {
        String broken = read("tc-filter-app0-egress.json").replace("\"match\":", "\n  mark 0x0001 0xffff (success 0)\"match\":");
        RecordingRunner runner = new RecordingRunner()
                .when("tc -j filter show dev app0 egress", ok(broken))
                .when("tc filter show dev app0 egress", ok(read("tc-filter-app0-egress.txt")));
        RecordingRunner all = captured();
        runner.when(c -> all.run(c, java.time.Duration.ZERO));

        KernelState state = new StateReader(runner).read();

        assertThat(state.ofKind(ObjectKind.TC_FILTER)).extracting(KernelObject::name, KernelObject::iface)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pref 7", Optional.of("app0")));
        assertThat(runner.lines()).contains("tc filter show dev app0 egress");
    }

    @Test
    void read_missingToolsContributeNothing() throws Exception {
        RecordingRunner runner = new RecordingRunner()
                .when(c -> c.program().contains("tables") || c.program().equals("nft") || c.program().equals("ipset")
                        ? new CommandResult(127, "", c.program() + ": No such file or directory") : null)
                .when("tc -s -j qdisc show", ok("[]"))
                .when("ip -s -d -j link show", ok("[]"));

        assertThat(new StateReader(runner).read().isEmpty()).isTrue();
    }

    @Test
    void read_otherFailuresThrowWithKernelWords() {
        RecordingRunner runner = new RecordingRunner().when("iptables-save -c", new CommandResult(4, "",
                "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)"));

        assertThatThrownBy(() -> new StateReader(runner).read()).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("'iptables-save -c' failed (exit 4)").hasMessageContaining("you must be root");
    }

    @Test
    void parse_ruleInForeignChainWithUnquotedCommentIsOwned() {
        String save = "*filter\n:INPUT ACCEPT [0:0]\n[7:420] -A INPUT -p tcp -m comment --comment netfault:0badcafe"
                + " -j DROP\n[1:60] -A INPUT -m comment --comment \"netfault:0badcafe-not\" -j DROP\nCOMMIT\n";

        assertThat(IptablesSave.parse(save, false)).containsExactly(new KernelObject(ObjectKind.IPTABLES_RULE,
                "-A INPUT -p tcp -m comment --comment netfault:0badcafe -j DROP", "filter", "INPUT", Optional.empty(),
                Optional.of(new FaultId("0badcafe")), new Counters(7, 420, 7)));
    }

    private static KernelObject obj(ObjectKind kind, String name, String type, String parent, String iface,
                                    Counters counters) {
        return new KernelObject(kind, name, type, parent, Optional.ofNullable(iface), OWNER, counters);
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }
}
