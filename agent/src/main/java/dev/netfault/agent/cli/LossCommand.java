package dev.netfault.agent.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netfault loss start|stop|status}. */
@Command(name = "loss", mixinStandardHelpOptions = true, description = "Drop a share of packets silently.",
        subcommands = {LossCommand.Start.class, FaultGroup.LossStop.class, FaultGroup.LossStatus.class})
public final class LossCommand extends FaultGroup {

    /** {@code loss start --percent 7 [--burst N] [targeting] [--wait]}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start dropping packets.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions agent;

        @Mixin
        LossOptions fault;

        @Option(names = "--wait", description = "Block until the fault expires (progress on stderr); Ctrl-C reverts it.")
        boolean wait;

        @Override
        public Integer call() {
            return Outcome.of(spec, () -> {
                FaultActions actions = new FaultActions(spec, agent.client(), FaultRoute.LOSS, "loss");
                return actions.start(fault.body(), Map.of(), wait, Optional.ofNullable(fault.targeting.duration));
            });
        }
    }
}
