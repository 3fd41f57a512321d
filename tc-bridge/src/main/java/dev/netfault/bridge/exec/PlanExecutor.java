package dev.netfault.bridge.exec;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies, verifies and reverts plans through a {@link CommandRunner}. A failed apply rolls back before the error is
 * thrown: it undoes the steps that ran, and only those ({@link Plan#rollbackAfter(int)}), so no half state is left and
 * nothing netfault did not create is removed.
 */
public final class PlanExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);

    private final CommandRunner runner;
    private final Duration commandTimeout;

    public PlanExecutor(CommandRunner runner, Duration commandTimeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
    }

    /**
     * Runs every apply command in order; on the first failure undoes the steps before it and throws
     * {@link CommandFailedException}.
     */
    public void apply(Plan plan) throws InterruptedException {
        List<Command> steps = plan.apply();
        for (int k = 0; k < steps.size(); k++) {
            Command c = steps.get(k);
            CommandResult r;
            try {
                r = runner.run(c, commandTimeout);
            } catch (RuntimeException e) {
                rollback(plan, k);
                throw e;
            }
            if (!r.ok()) {
                CommandFailedException failure = new CommandFailedException(c, r);
                LOG.warn("fault {}: apply step {} of {} failed, undoing the {} before it: {}", plan.id(), k + 1,
                        steps.size(), k, failure.getMessage());
                rollback(plan, k);
                throw failure;
            }
        }
    }

    /** The checks that failed; empty when the whole fault is in the kernel. */
    public List<Check> verify(Plan plan) throws InterruptedException {
        return failing(plan.verify());
    }

    /**
     * Runs every revert command, continuing past failures (an object may already be gone), and returns every failure.
     * Whether a failed command's object is still there is for the caller to judge (its state reader).
     */
    public List<CommandFailedException> revert(Plan plan) throws InterruptedException {
        return runAll(plan.revert());
    }

    /** Runs each command, continuing past failures; returns the failures (empty when all succeeded). */
    public List<CommandFailedException> runAll(List<Command> commands) throws InterruptedException {
        List<CommandFailedException> failures = new ArrayList<>();
        for (Command c : commands) {
            CommandResult r = runner.run(c, commandTimeout);
            if (!r.ok()) {
                failures.add(new CommandFailedException(c, r));
            }
        }
        return failures;
    }

    /** The checks among {@code checks} that fail now. */
    public List<Check> failing(List<Check> checks) throws InterruptedException {
        List<Check> failed = new ArrayList<>();
        for (Check check : checks) {
            CommandResult r = runner.run(check.command(), commandTimeout);
            if (!check.passes(r.exitCode(), r.stdout())) {
                failed.add(check);
            }
        }
        return failed;
    }

    private void rollback(Plan plan, int failedStep) throws InterruptedException {
        for (CommandFailedException f : runAll(plan.rollbackAfter(failedStep))) {
            LOG.debug("fault {}: rollback step failed (object absent?): {}", plan.id(), f.getMessage());
        }
    }
}
