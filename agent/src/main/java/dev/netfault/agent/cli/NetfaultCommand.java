package dev.netfault.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code netfault} command tree. */
@Command(name = "netfault", mixinStandardHelpOptions = true, version = "netfault 0.1.0",
        description = "Network fault injection for containers: latency, packet loss and blackholes.",
        subcommands = {CommandLine.HelpCommand.class, ServeCommand.class, LatencyCommand.class, LossCommand.class,
            BlackholeCommand.class, ListCommand.class, StopCommand.class, PlanCommand.class, DoctorCommand.class,
            DemoCommand.class, CompletionCommand.class})
public final class NetfaultCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with netfault's exit-code conventions (0 ok, 1 failure, 2 usage, 3 conflict). */
    public static CommandLine commandLine() {
        return new CommandLine(new NetfaultCommand());
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }
}
