package dev.netfault.agent.cli;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netfault <kind> stop} and {@code status} of every kind that runs at most once (latency, loss): one class,
 * registered under each such kind's command by {@link #register}. Keyed kinds (blackhole) have their own, which name
 * the fault.
 */
@Command(mixinStandardHelpOptions = true)
final class KindControl extends FaultGroup.Simple {

    private final FaultRoute route;
    private final boolean stop;

    private KindControl(FaultRoute route, boolean stop) {
        this.route = route;
        this.stop = stop;
    }

    @Override
    FaultRoute route() {
        return route;
    }

    @Override
    boolean stop() {
        return stop;
    }

    /** Adds {@code stop} and {@code status} to the command of every unkeyed kind the tree has. */
    static CommandLine register(CommandLine root) {
        for (FaultKind<?> k : Kinds.ALL) {
            CommandLine group = root.getSubcommands().get(k.name());
            if (group == null || k.keyed()) {
                continue;
            }
            FaultRoute route = FaultRoute.of(k);
            group.addSubcommand("stop", command(new KindControl(route, true), "Stop the running " + k.noun() + " fault."));
            group.addSubcommand("status", command(new KindControl(route, false), "Print running or not-running."));
        }
        return root;
    }

    private static CommandLine command(KindControl control, String description) {
        CommandLine c = new CommandLine(control);
        c.getCommandSpec().usageMessage().description(description);
        return c;
    }
}
