package dev.netfault.agent.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netfault latency start|stop|status}. */
@Command(name = "latency", mixinStandardHelpOptions = true, description = "Delay packets (netem).",
        subcommands = {LatencyCommand.Start.class, FaultGroup.LatencyStop.class, FaultGroup.LatencyStatus.class})
public final class LatencyCommand extends FaultGroup {

    /** {@code latency start --delay 200ms [--jitter 10ms] [targeting] [--wait]}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start delaying packets.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions agent;

        @Mixin
        LatencyOptions fault;

        @Option(names = "--wait", description = "Block until the fault expires (progress on stderr); Ctrl-C reverts it.")
        boolean wait;

        @Override
        public Integer call() {
            return Outcome.of(spec, () -> {
                FaultActions actions = new FaultActions(spec, agent.client(), FaultRoute.LATENCY, "latency");
                return actions.start(fault.body(), Map.of(), wait, Optional.ofNullable(fault.targeting.duration));
            });
        }
    }
}
