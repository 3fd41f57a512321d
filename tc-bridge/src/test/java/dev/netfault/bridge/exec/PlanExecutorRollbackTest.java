package dev.netfault.bridge.exec;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.facts;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.blackhole.BlackholePlanner;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.RecordingRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rollback undoes the steps that ran before the failing one, and nothing else. */
class PlanExecutorRollbackTest {

    static final NamespaceFacts TWO = facts(Capabilities.full(), Link.of("lo", RootQdisc.kernelDefault("noqueue")),
            Link.of("eth0", RootQdisc.kernelDefault("noqueue")), Link.of("eth1", RootQdisc.kernelDefault("noqueue")));

    static Plan ingressLatency() {
        LatencySpec spec = new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all().withDirection(Direction.INGRESS));
        return new LatencyPlanner().plan(ID, spec, TWO, CONTEXT);
    }

    /** Runs {@code plan} with a runner whose {@code k}-th command (0-based) fails; returns what ran. */
    static List<String> runFailingAt(Plan plan, int k) {
        RecordingRunner runner = new RecordingRunner();
        int[] n = {0};
        runner.when(c -> n[0]++ == k ? new CommandResult(2, "", "Error: Exclusivity flag on, cannot modify.") : null);
        assertThatThrownBy(() -> new PlanExecutor(runner, Duration.ofSeconds(5)).apply(plan))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("'" + plan.apply().get(k).line() + "' failed (exit 2): Error: Exclusivity flag on, cannot modify.");
        return runner.lines();
    }

    static List<String> lines(List<Command> cs) {
        return cs.stream().map(Command::line).toList();
    }

    @Test
    void apply_ingressLatencyRefusedAtSecondIngressQdiscUndoesOnlyTheIfbAndTheFirstQdisc() {
        Plan plan = ingressLatency();

        assertThat(runFailingAt(plan, 4)).containsExactly(
                "ipset restore",
                "ip link add nf1a2b3c4di type ifb",
                "ip link set nf1a2b3c4di up",
                "tc qdisc add dev eth0 handle ffff: ingress",
                "tc qdisc add dev eth1 handle ffff: ingress",
                "tc qdisc del dev eth0 ingress",
                "ip link del nf1a2b3c4di",
                "ipset destroy nf1a2b3c4d-l4",
                "ipset destroy nf1a2b3c4d-l6");
    }

    @Test
    void apply_ingressLatencyRefusedAtFirstIngressQdiscNeverDeletesAnIngressQdisc() {
        assertThat(runFailingAt(ingressLatency(), 3)).containsExactly(
                "ipset restore",
                "ip link add nf1a2b3c4di type ifb",
                "ip link set nf1a2b3c4di up",
                "tc qdisc add dev eth0 handle ffff: ingress",
                "ip link del nf1a2b3c4di",
                "ipset destroy nf1a2b3c4d-l4",
                "ipset destroy nf1a2b3c4d-l6");
    }

    @Test
    void apply_firstStepFailsUndoesNothing() {
        assertThat(runFailingAt(ingressLatency(), 0)).containsExactly("ipset restore");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void apply_failureAtStepKRunsStepsUpToKThenTheUndoOfStepsBeforeK(int k) {
        Plan plan = ingressLatency();
        List<String> expected = new ArrayList<>(lines(plan.apply().subList(0, k + 1)));
        List<String> undo = new ArrayList<>();
        for (int i = k - 1; i >= 0; i--) {
            undo.addAll(lines(plan.steps().get(i).undo()));
        }
        expected.addAll(undo);

        assertThat(runFailingAt(plan, k)).containsExactlyElementsOf(expected);
        assertThat(lines(plan.rollbackAfter(k))).containsExactlyElementsOf(undo);
    }

    @Test
    void apply_fallbackBlackholeRefusedAtClsactUndoesOnlyTheDropDevice() {
        Plan plan = new BlackholePlanner().plan(ID, new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all()),
                new NamespaceFacts(TWO.links(), without(Capabilities.full(), dev.netfault.bridge.plan.Feature.NFT_EGRESS_HOOK)), CONTEXT);

        assertThat(runFailingAt(plan, 1)).containsExactly(
                "ip link add nf1a2b3c4dd type ifb",
                "tc qdisc add dev eth0 clsact",
                "ip link del nf1a2b3c4dd");
    }

    @Test
    void apply_ip6tablesStepFailsUndoesTheIptablesChainAlone() {
        Plan plan = new BlackholePlanner().plan(ID, new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                new NamespaceFacts(TWO.links(), without(Capabilities.full(), dev.netfault.bridge.plan.Feature.NFTABLES)),
                CONTEXT);

        assertThat(runFailingAt(plan, 1)).containsExactly(
                "iptables-restore -w 5 --noflush",
                "ip6tables-restore -w 5 --noflush",
                "iptables -w 5 -D INPUT -m comment --comment netfault:1a2b3c4d -j NETFAULT-1a2b3c4d",
                "iptables -w 5 -F NETFAULT-1a2b3c4d",
                "iptables -w 5 -X NETFAULT-1a2b3c4d");
    }

    @Test
    void apply_planWithoutStepsUndoesEverythingOnceAnythingRan() {
        Plan legacy = new Plan(ID, "x", "y", List.of(), java.util.Set.of(), List.of(Command.of("a"), Command.of("b")), List.of(),
                List.of(Command.of("undo-a")), List.of(), dev.netfault.bridge.plan.Lease.unleased("test"));

        assertThat(runFailingAt(legacy, 0)).containsExactly("a");
        assertThat(runFailingAt(legacy, 1)).containsExactly("a", "b", "undo-a");
    }
}
