package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link CommandRunner} that runs every command for real through another runner and remembers how each ended, so a
 * test can show which steps of a plan took effect before one failed.
 */
public final class TracingRunner implements CommandRunner {

    /** One command that ran and how it ended. */
    public record Step(Command command, CommandResult result) {
    }

    private final CommandRunner delegate;
    private final List<Step> steps = new ArrayList<>();

    public TracingRunner(CommandRunner delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws InterruptedException {
        CommandResult r = delegate.run(command, timeout);
        synchronized (steps) {
            steps.add(new Step(command, r));
        }
        return r;
    }

    public List<Step> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }
}
