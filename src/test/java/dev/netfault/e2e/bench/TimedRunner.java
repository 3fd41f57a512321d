package dev.netfault.e2e.bench;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Counts and times every process netfault spawns through it: the in-process witness of "O(1) processes". */
final class TimedRunner implements CommandRunner {

    /** One spawned process: its program and first arguments, and how long it ran. */
    record Spawn(String what, long nanos) {
    }

    private final CommandRunner delegate;
    private final List<Spawn> spawns = new ArrayList<>();

    TimedRunner(CommandRunner delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            return delegate.run(command, timeout);
        } finally {
            List<String> argv = command.argv();
            String what = String.join(" ", argv.subList(0, Math.min(argv.size(), 4)));
            synchronized (spawns) {
                spawns.add(new Spawn(what, System.nanoTime() - t0));
            }
        }
    }

    /** The spawns since the last call, and forgets them. */
    List<Spawn> drain() {
        synchronized (spawns) {
            List<Spawn> out = List.copyOf(spawns);
            spawns.clear();
            return out;
        }
    }
}
