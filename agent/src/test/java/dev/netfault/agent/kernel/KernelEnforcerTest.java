package dev.netfault.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.AppliedFault;
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

class KernelEnforcerTest {

    static final FaultId ID = new FaultId("0a0b0c0d");
    static final AppliedFault FAULT = new AppliedFault(ID, "blackhole", "iptables chain", List.of(),
            Set.of(Touches.IPTABLES),
            List.of(Command.of("iptables-restore", "-w", "5", "--noflush").withStdin("*filter\n-N NETFAULT-0a0b0c0d\nCOMMIT\n")),
            List.of(new Check("chain", Command.of("iptables", "-w", "5", "-S", "NETFAULT-0a0b0c0d"), List.of("-j DROP"))),
            List.of(Command.of("iptables", "-w", "5", "-D", "OUTPUT", "-j", "NETFAULT-0a0b0c0d"),
                    Command.of("iptables", "-w", "5", "-X", "NETFAULT-0a0b0c0d")),
            Lease.unleased("test"));

    final RecordingRunner runner = new RecordingRunner();

    KernelEnforcer enforcer() {
        return new KernelEnforcer(new FaultPlanner(), new PlanExecutor(runner, Duration.ofSeconds(5)),
                () -> new NamespaceFacts(List.of(), Capabilities.withoutNetem()), null, live -> List.of(), 51680, List.of(),
                () -> new Health("kernel", "test", Map.of(), Map.of()));
    }

    @Test
    void apply_runsApplyThenVerify() throws Exception {
        runner.when("-S NETFAULT-0a0b0c0d", new CommandResult(0, "-N NETFAULT-0a0b0c0d\n-A NETFAULT-0a0b0c0d -j DROP\n", ""));

        enforcer().apply(FAULT);

        assertThat(runner.lines()).containsExactly("iptables-restore -w 5 --noflush", "iptables -w 5 -S NETFAULT-0a0b0c0d");
    }

    @Test
    void apply_verifyFails_revertsAndNamesTheMissingObject() {
        runner.when("-S NETFAULT-0a0b0c0d", new CommandResult(0, "-N NETFAULT-0a0b0c0d\n", ""));

        assertThatThrownBy(() -> enforcer().apply(FAULT)).isInstanceOf(CommandFailedException.class)
                .hasMessage("'iptables -w 5 -S NETFAULT-0a0b0c0d' failed (exit 1): verify: chain is not in the kernel after "
                        + "apply (expected output containing [-j DROP])");
        assertThat(runner.lines()).containsExactly("iptables-restore -w 5 --noflush", "iptables -w 5 -S NETFAULT-0a0b0c0d",
                "iptables -w 5 -D OUTPUT -j NETFAULT-0a0b0c0d", "iptables -w 5 -X NETFAULT-0a0b0c0d");
    }

    @Test
    void apply_commandFails_rolledBackByExecutor() {
        runner.when("iptables-restore", new CommandResult(2, "", "iptables-restore: line 2 failed"));

        assertThatThrownBy(() -> enforcer().apply(FAULT)).isInstanceOf(CommandFailedException.class)
                .hasMessage("'iptables-restore -w 5 --noflush' failed (exit 2): iptables-restore: line 2 failed");
        assertThat(runner.lines()).as("the only step failed: nothing ran that needs undoing")
                .containsExactly("iptables-restore -w 5 --noflush");
    }

    @Test
    void present_readsKernelEveryTime() throws Exception {
        runner.when("-S NETFAULT-0a0b0c0d", new CommandResult(1, "", "iptables: No chain/target/match by that name."));

        assertThat(enforcer().present(FAULT).present()).isFalse();
        assertThat(runner.lines()).containsExactly("iptables -w 5 -S NETFAULT-0a0b0c0d");
    }

    @Test
    void revert_objectsGone_confirmedByReadingBack() throws Exception {
        runner.when("-S NETFAULT-0a0b0c0d", new CommandResult(1, "", "iptables: No chain/target/match by that name."));

        enforcer().revert(FAULT);

        assertThat(runner.lines()).containsExactly("iptables -w 5 -D OUTPUT -j NETFAULT-0a0b0c0d",
                "iptables -w 5 -X NETFAULT-0a0b0c0d", "iptables -w 5 -S NETFAULT-0a0b0c0d");
    }

    @Test
    void revert_objectStillThere_failsWithTheCommandThatFailed() {
        runner.when("-X NETFAULT", new CommandResult(1, "", "iptables v1.8.9: CHAIN_DEL failed (Device or resource busy)"));
        runner.when("-S NETFAULT-0a0b0c0d", new CommandResult(0, "-A NETFAULT-0a0b0c0d -j DROP\n", ""));

        assertThatThrownBy(() -> enforcer().revert(FAULT)).isInstanceOf(CommandFailedException.class)
                .hasMessage("'iptables -w 5 -X NETFAULT-0a0b0c0d' failed (exit 1): iptables v1.8.9: CHAIN_DEL failed (Device or resource busy)");
    }

    @Test
    void revert_someRevertCommandsFailButObjectsGone_succeeds() throws Exception {
        runner.when("-D OUTPUT", new CommandResult(1, "", "iptables: Bad rule (does a matching rule exist in that chain?)."));
        runner.when("-S NETFAULT-0a0b0c0d", new CommandResult(1, "", "iptables: No chain/target/match by that name."));

        enforcer().revert(FAULT);

        assertThat(runner.lines()).hasSize(3);
    }
}
