package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.kernel.KernelEnforcer;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.Fixtures;
import dev.netfault.bridge.testing.RecordingRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle over the real planner and executor with a recording runner: what reaches the kernel, in order. */
class KernelLifecycleTest {

    static final NamespaceFacts FACTS = new NamespaceFacts(List.of(Link.of("lo", RootQdisc.kernelDefault("noqueue")),
            Link.of("eth0", RootQdisc.kernelDefault("noqueue"))),
            Fixtures.without(Capabilities.withoutNetem(), Feature.NFTABLES)); // the iptables ingress path

    static final BlackholeSpec INGRESS = new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS,
            Targeting.all().withDirection(Direction.INGRESS));
    static final Pattern ID = Pattern.compile("NETFAULT-([0-9a-f]{8})|netfault_([0-9a-f]{8})");

    @TempDir
    Path stateDir;
    final RecordingRunner runner = new RecordingRunner();
    final ManualScheduler scheduler = new ManualScheduler();

    FaultManager manager() {
        KernelEnforcer enforcer = new KernelEnforcer(new FaultPlanner(), new PlanExecutor(runner, Duration.ofSeconds(5)),
                () -> FACTS, null, live -> List.of(), 51680, List.of(), () -> new Health("kernel", "test", Map.of(), Map.of()),
                () -> { }, PlanContext.DEFAULT_LEASE, true); // the iptables path is unleased
        return new FaultManager(enforcer, new Journal(stateDir), scheduler, scheduler.clock, Duration.ofHours(12),
                Duration.ofSeconds(5));
    }

    /** The plan the manager made, re-made for the id found in the commands it ran. */
    Plan planOf(List<String> lines) {
        for (String l : lines) {
            Matcher m = ID.matcher(l + String.join(" ", runner.commands().stream()
                    .map(c -> c.stdin() == null ? "" : c.stdin()).toList()));
            if (m.find()) {
                FaultId id = new FaultId(m.group(1) != null ? m.group(1) : m.group(2));
                return new FaultPlanner().plan(id, INGRESS, FACTS,
                        PlanContext.of(scheduler.clock.instant().plus(Duration.ofHours(12)), 51680, List.of()));
            }
        }
        throw new AssertionError("no fault id in " + lines);
    }

    static List<String> lines(List<Command> cs) {
        return cs.stream().map(Command::line).toList();
    }

    @Test
    void start_firstApplyCommandFails_nothingToUndoTwiceAndNothingJournalled() {
        runner.when(c -> c.program().equals("iptables-restore")
                ? new CommandResult(1, "", "iptables-restore: line 3 failed") : null);

        assertThatThrownBy(() -> manager().start(INGRESS, Optional.empty()))
                .isInstanceOf(CommandFailedException.class).hasMessageEndingWith("iptables-restore: line 3 failed");

        Plan plan = planOf(runner.lines());
        int failing = runner.lines().indexOf(lines(plan.apply()).get(0));
        List<String> expected = new ArrayList<>(lines(plan.apply()).subList(0, failing + 1));
        expected.addAll(lines(plan.rollbackAfter(failing)));         // the executor's rollback: the steps that ran
        expected.addAll(lines(plan.rollbackAfter(failing)));         // the manager's detached revert of the same
        plan.verify().forEach(c -> expected.add(c.command().line())); // confirmation that nothing is left
        assertThat(plan.rollbackAfter(failing)).as("nothing ran before the first step").isEmpty();
        assertThat(runner.lines()).containsExactlyElementsOf(expected);
        assertThat(stateDir.toFile().list()).isEmpty();
    }

    @Test
    void start_secondStepFails_onlyTheFirstStepIsUndoneAndNothingJournalled() {
        runner.when(c -> c.program().equals("ip6tables-restore")
                ? new CommandResult(1, "", "ip6tables-restore: line 3 failed") : null);

        assertThatThrownBy(() -> manager().start(INGRESS, Optional.empty()))
                .isInstanceOf(CommandFailedException.class).hasMessageEndingWith("ip6tables-restore: line 3 failed");

        Plan plan = planOf(runner.lines());
        String chain = "NETFAULT-" + plan.id().value();
        List<String> undoV4 = List.of("iptables -w 5 -D INPUT -m comment --comment netfault:" + plan.id().value()
                + " -j " + chain, "iptables -w 5 -F " + chain, "iptables -w 5 -X " + chain);
        List<String> expected = new ArrayList<>(List.of("iptables-restore -w 5 --noflush", "ip6tables-restore -w 5 --noflush"));
        expected.addAll(undoV4); // the executor's rollback
        expected.addAll(undoV4); // the manager's revert of what ran, never the ip6tables chain's
        plan.verify().forEach(c -> expected.add(c.command().line()));
        assertThat(runner.lines()).containsExactlyElementsOf(expected);
        assertThat(stateDir.toFile().list()).isEmpty();
    }

    @Test
    void startThenStop_applyVerifyThenRevertAndConfirm() throws Exception {
        FaultManager m = manager();
        List<String> verifyOutput = new ArrayList<>();
        runner.when(c -> {
            if (!c.argv().contains("-S")) {
                return null;
            }
            Plan p = planOf(List.of(c.line()));
            // answers a check with exactly what it expects while the fault is "applied", nothing afterwards
            return verifyOutput.isEmpty() ? new CommandResult(0, String.join(" ", p.verify().stream()
                    .filter(v -> v.command().equals(c)).findFirst().orElseThrow().expect()), "")
                    : new CommandResult(1, "", "iptables: No chain/target/match by that name.");
        });
        ActiveFault f = m.start(INGRESS, Optional.empty());
        Plan plan = planOf(runner.lines());
        List<String> expected = new ArrayList<>(lines(plan.apply()));
        plan.verify().forEach(c -> expected.add(c.command().line()));
        assertThat(runner.lines()).containsExactlyElementsOf(expected);
        assertThat(f.mechanism()).isEqualTo(plan.mechanism());

        verifyOutput.add("reverted");
        assertThat(m.stop(FaultKey.of(INGRESS))).isTrue();

        expected.addAll(lines(plan.revert()));
        plan.verify().forEach(c -> expected.add(c.command().line()));
        assertThat(runner.lines()).containsExactlyElementsOf(expected);
        assertThat(stateDir.toFile().list()).isEmpty();
    }
}
