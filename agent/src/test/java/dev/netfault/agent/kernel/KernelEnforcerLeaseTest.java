package dev.netfault.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.Renewal;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.Fixtures;
import dev.netfault.bridge.testing.RecordingRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renewal of every live fault's lease, one process per tool, and the refusal of faults the kernel cannot lease. */
class KernelEnforcerLeaseTest {

    final RecordingRunner runner = new RecordingRunner();

    KernelEnforcer enforcer(Capabilities caps, boolean allowUnleased) {
        return new KernelEnforcer(new FaultPlanner(), new PlanExecutor(runner, Duration.ofSeconds(5)),
                () -> new NamespaceFacts(List.of(Link.of("eth0", RootQdisc.kernelDefault("noqueue"))), caps), null,
                live -> List.of(), 51680, List.of(), () -> new Health("kernel", "test", Map.of(), Map.of()), () -> { },
                Duration.ofSeconds(3), allowUnleased);
    }

    static AppliedFault leased(String id, String family) {
        String table = "netfault_" + id;
        return new AppliedFault(new FaultId(id), "blackhole", "nft", List.of("eth0"), java.util.Set.of(), List.of(), List.of(),
                List.of(),
                Lease.held(List.of(Command.of("nft", "-f", "-").withStdin("flush set " + family + " " + table + " lease\n"
                                + "add element " + family + " " + table + " lease { ip timeout 3000ms, ip6 timeout 3000ms }\n")),
                        List.of(new Check("lease", Command.of("nft", "list", "set", family, table, "lease"),
                                List.of("expires")))));
    }

    static final AppliedFault UNLEASED = new AppliedFault(new FaultId("0000000c"), "blackhole", "iptables", List.of(),
            java.util.Set.of(), List.of(), List.of(), List.of(), Lease.unleased("no nft"));

    @Test
    void renew_everyLeasedFaultInOneNftTransaction() throws Exception {
        Renewal r = enforcer(Capabilities.full(), false).renew(List.of(leased("0000000a", "netdev"), UNLEASED,
                leased("0000000b", "inet")));

        assertThat(runner.commands()).containsExactly(Command.of("nft", "-f", "-").withStdin(
                "flush set netdev netfault_0000000a lease\n"
                        + "add element netdev netfault_0000000a lease { ip timeout 3000ms, ip6 timeout 3000ms }\n"
                        + "flush set inet netfault_0000000b lease\n"
                        + "add element inet netfault_0000000b lease { ip timeout 3000ms, ip6 timeout 3000ms }\n"));
        assertThat(r).isEqualTo(new Renewal(2, true, Map.of()));
        assertThat(r.result()).isEqualTo("ok");
    }

    @Test
    void renew_jointTransactionFails_eachFaultAloneAndTheBadOneNamed() throws Exception {
        runner.when(c -> c.stdin() != null && c.stdin().contains("netfault_0000000b")
                ? new CommandResult(1, "", "Error: No such file or directory") : null);

        Renewal r = enforcer(Capabilities.full(), false).renew(List.of(leased("0000000a", "netdev"),
                leased("0000000b", "inet")));

        assertThat(runner.commands()).hasSize(3);
        assertThat(runner.commands().get(1).stdin()).startsWith("flush set netdev netfault_0000000a lease\n")
                .doesNotContain("0000000b");
        assertThat(runner.commands().get(2).stdin()).startsWith("flush set inet netfault_0000000b lease\n")
                .doesNotContain("0000000a");
        assertThat(r.merged()).isFalse();
        assertThat(r.failed()).containsOnlyKeys(new FaultId("0000000b"));
        assertThat(r.failed().get(new FaultId("0000000b"))).endsWith("Error: No such file or directory");
        assertThat(r.result()).isEqualTo("failed");
    }

    @Test
    void renew_nothingLeased_runsNothing() throws Exception {
        assertThat(enforcer(Capabilities.full(), false).renew(List.of(UNLEASED))).isEqualTo(Renewal.NOTHING);
        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void isPresent_falseOnceTheLeaseLapsed() throws Exception {
        runner.when("nft list set", new CommandResult(0, "table netdev netfault_0000000a {\n\tset lease {\n"
                + "\t\ttype ether_type\n\t\tflags timeout\n\t}\n}\n", ""));

        assertThat(enforcer(Capabilities.full(), false).leaseAlive(leased("0000000a", "netdev"))).isFalse();
        assertThat(enforcer(Capabilities.full(), false).isPresent(leased("0000000a", "netdev"))).isFalse();
    }

    @Test
    void prepare_unleasedPlanRefusedWithWhatIsMissingUnlessAllowed() throws Exception {
        Capabilities noEgressHook = Fixtures.without(Capabilities.full(), Feature.NFT_EGRESS_HOOK);
        BlackholeSpec egress = new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all());
        Instant expiry = Instant.parse("2026-11-26T17:00:00Z");

        assertThatThrownBy(() -> enforcer(noEgressHook, false).prepare(new FaultId("0000000d"), egress, expiry))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("blackhole would not be held by a kernel lease here: the egress blackhole fallback (tc "
                        + "redirect to a down ifb) has no kernel-held deadline or lease: the nftables netdev egress hook "
                        + "is missing (not available in this namespace); use a 5.16+ kernel with nftables; a fault "
                        + "without a lease stays in the kernel if the agent dies, until its deadline or forever. Start "
                        + "the agent with --allow-unleased to run it anyway");
        assertThat(runner.commands()).isEmpty();

        AppliedFault allowed = enforcer(noEgressHook, true).prepare(new FaultId("0000000d"), egress, expiry);
        assertThat(allowed.mechanism()).isEqualTo("tc clsact egress redirect to a down ifb");
        assertThat(allowed.lease().leased()).isFalse();

        AppliedFault leased = enforcer(Capabilities.full(), false).prepare(new FaultId("0000000e"), egress, expiry);
        assertThat(leased.lease().renew()).singleElement().satisfies(c -> assertThat(c.stdin())
                .contains("lease { ip timeout 3000ms, ip6 timeout 3000ms }"));
    }
}
