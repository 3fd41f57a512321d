package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.ApplicationState;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Facts;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TracingRunner;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A plan that fails part-way is rolled back before the error surfaces: no half state is left. */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class RollbackTest {

    static final int PORT = 8080;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    @Test
    void apply_laterCommandFailsLeavesNothingBehind() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT)) {
            Netns b = pair.b();
            ApplicationState.install(b, PORT);
            KernelSnapshot before = KernelSnapshot.take(b);
            Plan plan = failingLate(b);
            TracingRunner trace = new TracingRunner(b.runner());

            assertThatThrownBy(() -> new PlanExecutor(trace, Duration.ofSeconds(5)).apply(plan))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("'ip link set dev " + missingLink(plan) + " up' failed (exit 1)")
                    .hasMessageContaining("Cannot find device");

            List<TracingRunner.Step> steps = trace.steps();
            int applied = plan.apply().size() - 1;
            assertThat(steps.subList(0, applied)).as("every step before the failing one took effect")
                    .allSatisfy(s -> assertThat(s.result().ok()).as(s.command().line()).isTrue());
            assertThat(steps.get(applied).result().ok()).isFalse();
            assertThat(steps.subList(applied + 1, steps.size())).extracting(TracingRunner.Step::command)
                    .as("the rollback ran the revert commands").containsExactlyElementsOf(plan.revert());
            KernelSnapshot after = KernelSnapshot.take(b);
            RevertIdentityTest.assertIdentical("rollback after step " + (applied + 1) + " of " + plan.apply().size()
                    + " failed", before, after);
            assertThat(TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT, 500, 2).successes())
                    .as("nothing of the fault is left to block traffic").isEqualTo(2);
        }
    }

    @Test
    void apply_laterCommandFailsInFreshNamespaceLeavesNoNetfaultObject() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            Netns b = pair.b();
            KernelSnapshot before = KernelSnapshot.take(b);
            Plan plan = failingLate(b);
            assertThatThrownBy(() -> b.executor().apply(plan)).isInstanceOf(CommandFailedException.class);
            KernelSnapshot after = KernelSnapshot.take(b);
            assertThat(after.netfaultObjects()).isEmpty();
            String residue = before.diff(after);
            System.out.println("MEASURED rollback in a fresh namespace: no netfault object left"
                    + (residue.isEmpty() ? ", state byte-identical" : "; what iptables-nft keeps once touched:\n" + residue));
        }
    }

    /**
     * An ingress and an egress blackhole (iptables, ip6tables and nftables steps) in one plan, followed by a step that
     * always fails: setting up a link that does not exist.
     */
    private static Plan failingLate(Netns ns) throws InterruptedException {
        Instant expiry = Instant.now().plus(AppliedFault.DEFAULT_LIFETIME);
        Plan ingress = AppliedFault.plan(ns, new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                expiry, Facts.capabilities());
        Plan egress = AppliedFault.plan(ns, new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all()),
                expiry, Facts.capabilities());
        FaultId id = FaultId.random();
        List<Command> apply = new ArrayList<>(ingress.apply());
        apply.addAll(egress.apply());
        apply.add(Command.of("ip", "link", "set", "dev", "nf" + id.value() + "x", "up"));
        List<Command> revert = new ArrayList<>(egress.revert());
        revert.addAll(ingress.revert());
        Set<Touches> touches = EnumSet.copyOf(ingress.touches());
        touches.addAll(egress.touches());
        return new Plan(id, "blackhole", "combined", ingress.interfaces(), touches, apply, List.of(), revert, List.of(),
                Lease.unleased("a combined test plan"));
    }

    private static String missingLink(Plan plan) {
        return "nf" + plan.id().value() + "x";
    }
}
