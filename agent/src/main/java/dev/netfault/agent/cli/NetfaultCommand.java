package dev.netfault.agent.cli;

import dev.netfault.agent.telemetry.FaultMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code netfault} command tree. */
@Command(name = "netfault", mixinStandardHelpOptions = true, version = "netfault 0.1.0",
        description = "Network fault injection for containers: latency, packet loss and blackholes.",
        subcommands = {CommandLine.HelpCommand.class, ServeCommand.class, LatencyCommand.class, LossCommand.class,
            BlackholeCommand.class, ImpairmentCommand.class, BandwidthCommand.class, ListCommand.class, StopCommand.class,
            PlanCommand.class, DoctorCommand.class,
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
        return KindControl.register(new CommandLine(new NetfaultCommand()));
    }

    /**
     * Runs a command line. {@code serve} (the sidecar's start, on its critical path) gets a command line of its own:
     * picocli then builds one command's model instead of eleven (its classes predate class-data sharing, so each
     * one loaded costs), the same options and messages; a plain command line of its options is read without picocli
     * at all ({@link ServeArgs}); and its metrics registry is built on another thread meanwhile (≈ 60 ms, 2026-12-01).
     */
    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals("serve")) {
            CompletableFuture<FaultMetrics> metrics = ServeCommand.buildMetrics();
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            Optional<ServeCommand> plain = ServeArgs.read(List.of(rest), metrics);
            return plain.isPresent() ? run(plain.get()) : serveCommandLine(metrics).execute(rest);
        }
        return commandLine().execute(args);
    }

    /** As picocli's {@code execute} runs a command: an exception is printed, and the exit code is 1. */
    private static int run(ServeCommand serve) {
        try {
            return serve.call();
        } catch (Exception e) {
            e.printStackTrace(ServeArgs.ERR);
            ServeArgs.ERR.flush();
            return 1;
        }
    }

    /** {@code netfault serve} alone, as {@link #execute} runs it (the metrics built when it runs). */
    static CommandLine serveCommandLine() {
        return new CommandLine(new ServeCommand()).setCommandName("netfault serve");
    }

    private static CommandLine serveCommandLine(CompletableFuture<FaultMetrics> metrics) {
        return new CommandLine(new ServeCommand(metrics)).setCommandName("netfault serve");
    }
}
