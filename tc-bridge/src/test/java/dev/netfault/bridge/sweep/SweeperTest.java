package dev.netfault.bridge.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.state.StateReaderTest;
import dev.netfault.bridge.testing.RecordingRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweeperTest {

    private static final FaultId F = new FaultId("1a2b3c4d");
    private static final List<String> READ = List.of("iptables-save -c", "ip6tables-save -c", "nft -j list ruleset",
            "tc -s -j qdisc show", "tc -j filter show dev va ingress", "tc -j filter show dev app0 ingress",
            "tc -j filter show dev app0 egress", "ip -s -d -j link show", "ipset list -t");
    private static final List<String> EMPTY_READ = List.of("iptables-save -c", "ip6tables-save -c",
            "nft -j list ruleset", "tc -s -j qdisc show", "ip -s -d -j link show", "ipset list -t");

    /** The captured namespace until the sweep's last command, an empty one after it. */
    @SafeVarargs
    private static RecordingRunner capturedThenEmpty(String lastCommand,
                                                     java.util.function.Function<Command, CommandResult>... before) {
        boolean[] swept = {false};
        RecordingRunner runner = new RecordingRunner();
        runner.when(c -> {
            if (c.line().equals(lastCommand)) {
                swept[0] = true;
            }
            return swept[0] ? new CommandResult(0, c.line().contains("-j") ? "[]" : "", "") : null;
        });
        for (var rule : before) {
            runner.when(rule);
        }
        RecordingRunner captured = StateReaderTest.captured();
        runner.when(c -> captured.run(c, java.time.Duration.ZERO));
        return runner;
    }

    @Test
    void sweep_nothingKeptRemovesEverythingInOrder() throws Exception {
        RecordingRunner runner = capturedThenEmpty("ipset destroy nf1a2b3c4d-src");

        SweepResult result = new Sweeper(runner).sweep(id -> false, false);

        List<String> expected = new java.util.ArrayList<>(READ);
        expected.addAll(List.of(
                "iptables-restore -w 5 --noflush",
                "ip6tables-restore -w 5 --noflush",
                "nft -f -",
                "tc qdisc del dev va root handle 4e46:",
                "tc qdisc del dev va ingress",
                "tc filter del dev app0 egress pref 7",
                "ip link del nf1a2b3c4di",
                "ip link del nf1a2b3c4dd",
                "ipset destroy nf1a2b3c4d-src"));
        expected.addAll(EMPTY_READ);
        assertThat(runner.lines()).containsExactlyElementsOf(expected);
        List<Command> cs = runner.commands();
        assertThat(cs.get(9).stdin()).isEqualTo("""
                *filter
                -D INPUT -m comment --comment "netfault:1a2b3c4d" -j NETFAULT-1a2b3c4d
                -D OUTPUT -p udp -m udp --dport 9 -m comment --comment "netfault:1a2b3c4d" -m time \
                --datestop 2037-01-01T00:00:00 -j DROP
                -F NETFAULT-1a2b3c4d
                -X NETFAULT-1a2b3c4d
                COMMIT
                """);
        assertThat(cs.get(10).stdin()).isEqualTo("""
                *filter
                -D INPUT -m comment --comment "netfault:1a2b3c4d" -j NETFAULT-1a2b3c4d
                -F NETFAULT-1a2b3c4d
                -X NETFAULT-1a2b3c4d
                COMMIT
                """);
        assertThat(cs.get(11).stdin()).isEqualTo("delete table netdev netfault_1a2b3c4d\n");
        assertThat(result.removed()).hasSize(13);
        assertThat(result.complete()).isTrue();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void sweep_keptFaultAndKeptTcAreNotTouched() throws Exception {
        RecordingRunner runner = StateReaderTest.captured();

        SweepResult result = new Sweeper(runner).sweep(F::equals, true);

        assertThat(runner.lines()).containsExactlyElementsOf(READ);
        assertThat(result.removed()).isEmpty();
        assertThat(result.left()).isEmpty();
    }

    @Test
    void sweep_keptFaultButNotTcRemovesOnlyTheRoot() throws Exception {
        RecordingRunner runner = StateReaderTest.captured();

        SweepResult result = new Sweeper(runner).sweep(F::equals, false);

        assertThat(runner.lines().subList(READ.size(), READ.size() + 1))
                .containsExactly("tc qdisc del dev va root handle 4e46:");
        assertThat(result.left()).extracting(KernelObject::name).containsExactly("4e46:", "4e47:");
    }

    @Test
    void sweep_reservedQdiscInForeignTreeIsDeletedByParentAndHandle() throws Exception {
        String qdiscs = "[{\"kind\":\"htb\",\"handle\":\"1:\",\"dev\":\"app0\",\"root\":true},"
                + "{\"kind\":\"pfifo\",\"handle\":\"4e48:\",\"dev\":\"app0\",\"parent\":\"1:10\"},"
                + "{\"kind\":\"htb\",\"handle\":\"4e46:\",\"dev\":\"nf1a2b3c4di\",\"root\":true}]";
        RecordingRunner runner = new RecordingRunner()
                .when("tc -s -j qdisc show", new CommandResult(0, qdiscs, ""))
                .when("ip -s -d -j link show", new CommandResult(0, "[]", ""));

        new Sweeper(runner).sweep(id -> false, false);

        assertThat(runner.lines()).filteredOn(l -> l.startsWith("tc qdisc del"))
                .containsExactly("tc qdisc del dev app0 parent 1:10 handle 4e48:");
    }

    @Test
    void sweep_vanishedObjectsFallBackPerObjectAndAreNotErrors() throws Exception {
        String gone = "iptables-restore v1.8.9 (nf_tables): Chain 'NETFAULT-1a2b3c4d' does not exist";
        RecordingRunner runner = capturedThenEmpty("ipset destroy nf1a2b3c4d-src",
                c -> c.program().endsWith("tables-restore") ? new CommandResult(1, "", gone) : null,
                c -> c.line().startsWith("nft -f") || c.line().startsWith("nft delete")
                        ? new CommandResult(1, "", "Error: No such file or directory") : null);
        SweepResult result = new Sweeper(runner).sweep(id -> false, false);

        assertThat(runner.lines()).contains("nft delete table netdev netfault_1a2b3c4d");
        assertThat(runner.lines().stream().filter(l -> l.equals("iptables-restore -w 5 --noflush")).count())
                .isEqualTo(4);
        assertThat(result.complete()).isTrue();
        assertThat(result.errors()).isEmpty();
    }
}
