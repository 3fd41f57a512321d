package dev.netfault.bridge.testing;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A fault planned by {@link FaultPlanner} and applied by {@link PlanExecutor} inside a test namespace, the way the agent
 * does it; {@link #close()} reverts it if the test did not. The plan is printed, so a failing run shows what ran.
 *
 * <pre>{@code
 * try (AppliedFault f = AppliedFault.apply(pair.a(), new BlackholeSpec(8080, TCP, EGRESS, Targeting.all()))) {
 *     ... measure ...
 * }
 * }</pre>
 */
public final class AppliedFault implements AutoCloseable {

    /** How long a test fault lives unless the test says otherwise; long enough never to expire during a test. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    private final Plan plan;
    private final PlanExecutor executor;
    private boolean reverted;

    private AppliedFault(Plan plan, PlanExecutor executor) {
        this.plan = plan;
        this.executor = executor;
    }

    public static AppliedFault apply(Netns ns, FaultSpec spec) throws InterruptedException {
        return apply(ns, spec, Instant.now().plus(DEFAULT_LIFETIME));
    }

    public static AppliedFault apply(Netns ns, FaultSpec spec, Instant expiresAt) throws InterruptedException {
        return apply(ns, spec, expiresAt, Facts.capabilities());
    }

    /** Plans with the given capabilities (e.g. without the nftables egress hook, to exercise a fallback) and applies. */
    public static AppliedFault apply(Netns ns, FaultSpec spec, Instant expiresAt, Capabilities capabilities)
            throws InterruptedException {
        Plan plan = plan(ns, spec, expiresAt, capabilities);
        PlanExecutor executor = ns.executor();
        executor.apply(plan);
        return new AppliedFault(plan, executor);
    }

    /** Plans with a lease of {@code lease} (renewed by the test, or left to lapse) and applies. */
    public static AppliedFault apply(Netns ns, FaultSpec spec, Instant expiresAt, Duration lease)
            throws InterruptedException {
        Plan plan = plan(ns, spec, expiresAt, Facts.capabilities(), lease);
        PlanExecutor executor = ns.executor();
        executor.apply(plan);
        return new AppliedFault(plan, executor);
    }

    /**
     * The plan the agent would compute for {@code spec} in {@code ns} now, printed; with the longest lease, so a test
     * that does not renew it sees no lapse.
     */
    public static Plan plan(Netns ns, FaultSpec spec, Instant expiresAt, Capabilities capabilities)
            throws InterruptedException {
        return plan(ns, spec, expiresAt, capabilities, PlanContext.MAX_LEASE);
    }

    public static Plan plan(Netns ns, FaultSpec spec, Instant expiresAt, Capabilities capabilities, Duration lease)
            throws InterruptedException {
        Plan plan = new FaultPlanner().plan(FaultId.random(), spec, Facts.read(ns, capabilities),
                PlanContext.of(expiresAt, PlanContext.DEFAULT_CONTROL_PORT, List.of(), lease));
        System.out.println("[" + ns.name() + "] " + plan.render().strip());
        return plan;
    }

    public Plan plan() {
        return plan;
    }

    /** The plan's checks that fail now; empty when every object of the fault is in the kernel. */
    public List<Check> verify() throws InterruptedException {
        return executor.verify(plan);
    }

    /** Reverts the fault once; returns the revert commands that failed. */
    public List<CommandFailedException> revert() throws InterruptedException {
        if (reverted) {
            return List.of();
        }
        reverted = true;
        return executor.revert(plan);
    }

    /** Forgets the fault without reverting it, as an agent killed with SIGKILL would: its objects stay in the kernel. */
    public void abandon() {
        reverted = true;
    }

    /** Reverts unless the test already did; an interrupt keeps its flag and fails loudly, as nothing was reverted. */
    @Override
    public void close() {
        try {
            List<CommandFailedException> failures = revert();
            failures.forEach(f -> System.out.println("revert step failed: " + f.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reverting fault " + plan.id(), e);
        }
    }
}
