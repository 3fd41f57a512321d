package dev.netfault.agent.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code netfault bandwidth start|stop|status} (stop and status: {@link KindControl}). */
@Command(name = "bandwidth", mixinStandardHelpOptions = true,
        description = "Limit throughput (tbf; works without sch_netem, beside a latency or loss fault).",
        subcommands = {BandwidthCommand.Start.class})
public final class BandwidthCommand extends FaultGroup {

    /** {@code bandwidth start --rate 2mbit [--burst 64kb] [--ports ..] [--protocol ..] [targeting] [--wait]}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start limiting bandwidth.")
    static final class Start extends FaultGroup.Start {
        @Mixin
        BandwidthOptions fault;

        @Override
        int start() throws InterruptedException {
            return start(actions(route().kind()), fault.body(), Map.of(), fault.targeting);
        }
    }
}
