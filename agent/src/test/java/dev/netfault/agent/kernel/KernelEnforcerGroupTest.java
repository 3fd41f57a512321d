package dev.netfault.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.Enforcer;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Instant;
import dev.netfault.agent.faults.Health;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.testing.RecordingRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Group commit in the kernel: nft-only plans queued together go into one {@code nft -f -} transaction. */
class KernelEnforcerGroupTest {

    final RecordingRunner runner = new RecordingRunner();

    KernelEnforcer enforcer() {
        return new KernelEnforcer(new FaultPlanner(), new PlanExecutor(runner, Duration.ofSeconds(5)),
                () -> new NamespaceFacts(List.of(), Capabilities.withoutNetem()), null, live -> List.of(), 51680, List.of(),
                () -> new Health("kernel", "test", Map.of(), Map.of()));
    }

    static AppliedFault nft(String id) {
        return new AppliedFault(new FaultId(id), "blackhole", "nftables netdev egress", List.of("eth0"),
                Set.of(Touches.NFTABLES),
                List.of(Command.of("nft", "-f", "-").withStdin("table netdev netfault_" + id + " {\n}\n").withEnv("TZ", "UTC")),
                List.of(new Check("table", Command.of("nft", "list", "table", "netdev", "netfault_" + id),
                        List.of("netfault_" + id))),
                List.of(Command.of("nft", "delete", "table", "netdev", "netfault_" + id)), Lease.unleased("test"));
    }

    static final AppliedFault IPT = KernelEnforcerTest.FAULT;

    /** Every nft list answers with the table's name, as the kernel would once the table exists. */
    void tablesListed() {
        runner.when(c -> c.line().startsWith("nft list table netdev ")
                ? new CommandResult(0, "table netdev " + c.argv().get(4) + " {\n}\n", "") : null);
    }

    @Test
    void applyAll_nftPlansQueuedTogether_oneTransactionThenEachVerified() throws Exception {
        tablesListed();
        runner.when("-S NETFAULT-0a0b0c0d", new CommandResult(0, "-A NETFAULT-0a0b0c0d -j DROP\n", ""));

        Map<FaultId, RuntimeException> failed = enforcer().applyAll(List.of(nft("00000001"), IPT, nft("00000002"),
                nft("00000003")));

        assertThat(failed).isEmpty();
        assertThat(runner.lines()).containsExactly("nft -f -",
                "nft list table netdev netfault_00000001", "nft list table netdev netfault_00000002",
                "nft list table netdev netfault_00000003",
                "iptables-restore -w 5 --noflush", "iptables -w 5 -S NETFAULT-0a0b0c0d");
        Command joint = runner.commands().get(0);
        assertThat(joint.stdin()).isEqualTo("table netdev netfault_00000001 {\n}\n"
                + "table netdev netfault_00000002 {\n}\ntable netdev netfault_00000003 {\n}\n");
        assertThat(joint.env()).containsExactly(Map.entry("TZ", "UTC"));
    }

    @Test
    void applyAll_jointTransactionFails_eachAppliedAloneWithItsOwnAnswer() throws Exception {
        tablesListed();
        runner.when(c -> c.stdin() != null && c.stdin().contains("netfault_00000002")
                ? new CommandResult(1, "", "Error: Could not process rule: File exists") : null);

        Map<FaultId, RuntimeException> failed = enforcer().applyAll(List.of(nft("00000001"), nft("00000002"),
                nft("00000003")));

        assertThat(failed).containsOnlyKeys(new FaultId("00000002"));
        assertThat(failed.get(new FaultId("00000002"))).isInstanceOf(CommandFailedException.class)
                .hasMessage("'nft -f -' failed (exit 1): Error: Could not process rule: File exists");
        assertThat(((CommandFailedException) failed.get(new FaultId("00000002"))).command().stdin())
                .as("the error names the fault's own script, not the joint one")
                .isEqualTo("table netdev netfault_00000002 {\n}\n");
        assertThat(runner.lines()).containsExactly("nft -f -", // the joint transaction: nft applied none of it
                "nft -f -", "nft list table netdev netfault_00000001",
                "nft -f -", // 2 fails alone: its only step, nothing to undo
                "nft -f -", "nft list table netdev netfault_00000003");
    }

    @Test
    void applyAll_oneFailsVerifyAfterTheJointTransaction_onlyItIsReverted() throws Exception {
        runner.when("nft list table netdev netfault_00000002", new CommandResult(1, "", "Error: No such file or directory"));
        tablesListed();

        Map<FaultId, RuntimeException> failed = enforcer().applyAll(List.of(nft("00000001"), nft("00000002")));

        assertThat(failed).containsOnlyKeys(new FaultId("00000002"));
        assertThat(failed.get(new FaultId("00000002"))).hasMessageContaining("verify: table is not in the kernel after apply");
        assertThat(runner.lines()).containsExactly("nft -f -", "nft list table netdev netfault_00000001",
                "nft list table netdev netfault_00000002", "nft delete table netdev netfault_00000002");
    }

    @Test
    void applyAll_oneNftPlan_appliedAsAlone() throws Exception {
        tablesListed();

        assertThat(enforcer().applyAll(List.of(nft("00000001")))).isEmpty();

        assertThat(runner.lines()).containsExactly("nft -f -", "nft list table netdev netfault_00000001");
        assertThat(runner.commands().get(0).stdin()).isEqualTo("table netdev netfault_00000001 {\n}\n");
    }

    /** A state reader whose kernel still holds {@code left}; counts its reads. */
    final class Reads implements KernelEnforcer.Readback {
        final Map<FaultId, List<String>> left = new java.util.HashMap<>();
        int reads;

        @Override
        public Map<String, Long> counters(AppliedFault fault) {
            return Map.of();
        }

        @Override
        public List<String> leftovers(AppliedFault fault) {
            reads++;
            return left.getOrDefault(fault.id(), List.of());
        }

        @Override
        public Map<FaultId, List<String>> leftovers(List<AppliedFault> faults) {
            reads++;
            Map<FaultId, List<String>> out = new java.util.LinkedHashMap<>();
            faults.forEach(f -> out.put(f.id(), left.getOrDefault(f.id(), List.of())));
            return out;
        }
    }

    KernelEnforcer enforcer(Reads reads) {
        return new KernelEnforcer(new FaultPlanner(), new PlanExecutor(runner, Duration.ofSeconds(5)),
                () -> new NamespaceFacts(List.of(), Capabilities.withoutNetem()), reads, live -> List.of(), 51680, List.of(),
                () -> new Health("kernel", "test", Map.of(), Map.of()));
    }

    @Test
    void revertAll_nftTablesDeletedInOneTransactionConfirmedByOneRead() throws Exception {
        Reads reads = new Reads();

        Map<FaultId, RuntimeException> failed = enforcer(reads).revertAll(List.of(nft("00000001"), IPT, nft("00000002")));

        assertThat(failed).isEmpty();
        assertThat(runner.lines()).containsExactly("nft -f -", "iptables -w 5 -D OUTPUT -j NETFAULT-0a0b0c0d",
                "iptables -w 5 -X NETFAULT-0a0b0c0d");
        assertThat(runner.commands().get(0).stdin())
                .isEqualTo("delete table netdev netfault_00000001\ndelete table netdev netfault_00000002\n");
        assertThat(reads.reads).isEqualTo(1);
    }

    @Test
    void revertAll_jointDeleteFails_eachAloneAndOnlyTheOneStillThereFails() throws Exception {
        Reads reads = new Reads();
        reads.left.put(new FaultId("00000002"), List.of("nft table netdev netfault_00000002"));
        runner.when(c -> c.stdin() != null ? new CommandResult(1, "", "Error: No such file or directory") : null);
        runner.when("delete table netdev netfault_00000002", new CommandResult(1, "", "Error: Device or resource busy"));

        Map<FaultId, RuntimeException> failed = enforcer(reads).revertAll(List.of(nft("00000001"), nft("00000002")));

        assertThat(failed).containsOnlyKeys(new FaultId("00000002"));
        assertThat(failed.get(new FaultId("00000002"))).isInstanceOf(CommandFailedException.class)
                .hasMessage("'nft delete table netdev netfault_00000002' failed (exit 1): Error: Device or resource busy");
        assertThat(runner.lines()).containsExactly("nft -f -", "nft delete table netdev netfault_00000001",
                "nft delete table netdev netfault_00000002");
        assertThat(reads.reads).isEqualTo(1);
    }

    @Test
    void planning_readsTheNamespaceOnceForTheGroup_prepareEveryTime() throws Exception {
        int[] reads = new int[1];
        KernelEnforcer e = new KernelEnforcer(new FaultPlanner(), new PlanExecutor(runner, Duration.ofSeconds(5)), () -> {
            reads[0]++;
            return new NamespaceFacts(List.of(Link.of("eth0", RootQdisc.kernelDefault("noqueue"))), Capabilities.full());
        }, null, live -> List.of(), 51680, List.of(), () -> new Health("kernel", "test", Map.of(), Map.of()));
        Instant expiry = Instant.parse("2026-12-01T17:00:00Z");

        Enforcer.Planning group = e.planning();
        assertThat(reads[0]).as("nothing read until the first plan").isZero();
        AppliedFault a = group.prepare(new FaultId("00000001"), blackhole(9001), expiry);
        AppliedFault b = group.prepare(new FaultId("00000002"), blackhole(9002), expiry);
        assertThat(reads[0]).isEqualTo(1);
        assertThat(List.of(a, b)).allMatch(NftBatch::joinable).allMatch(NftBatch::deletable);
        assertThat(b).isEqualTo(e.prepare(new FaultId("00000002"), blackhole(9002), expiry));
        assertThat(reads[0]).isEqualTo(2);
        assertThat(runner.commands()).isEmpty();
    }

    static BlackholeSpec blackhole(int port) {
        return new BlackholeSpec(port, Protocol.TCP, Direction.EGRESS, Targeting.all());
    }

    @Test
    void batch_onlyWholeNftScriptsOfOneEnvironment() {
        AppliedFault otherEnv = new AppliedFault(new FaultId("00000009"), "loss", "nftables", List.of("eth0"),
                Set.of(Touches.NFTABLES), List.of(Command.of("nft", "-f", "-").withStdin("table netdev x {\n}\n")),
                List.of(), List.of(), Lease.unleased("test"));
        AppliedFault nftAndTc = new AppliedFault(new FaultId("00000008"), "loss", "nft+tc", List.of("eth0"),
                Set.of(Touches.NFTABLES, Touches.TC), List.of(Command.of("nft", "-f", "-").withStdin("table netdev y {\n}\n")),
                List.of(), List.of(), Lease.unleased("test"));

        assertThat(NftBatch.batch(List.of(IPT, nft("00000001"), otherEnv, nftAndTc, nft("00000002"))))
                .extracting(AppliedFault::id).containsExactly(new FaultId("00000001"), new FaultId("00000002"));
    }
}
