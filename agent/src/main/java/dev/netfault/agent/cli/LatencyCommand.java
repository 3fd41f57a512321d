package dev.netfault.agent.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code netfault latency start|stop|status} (stop and status: {@link KindControl}). */
@Command(name = "latency", mixinStandardHelpOptions = true, description = "Delay packets (netem).",
        subcommands = {LatencyCommand.Start.class})
public final class LatencyCommand extends FaultGroup {

    /** {@code latency start --delay 200ms [--jitter 10ms] [targeting] [--wait]}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start delaying packets.")
    static final class Start extends FaultGroup.Start {
        @Mixin
        LatencyOptions fault;

        @Override
        int start() throws InterruptedException {
            return start(actions(route().kind()), fault.body(), Map.of(), fault.targeting);
        }
    }
}
