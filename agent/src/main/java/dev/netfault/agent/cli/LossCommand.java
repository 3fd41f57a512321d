package dev.netfault.agent.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code netfault loss start|stop|status} (stop and status: {@link KindControl}). */
@Command(name = "loss", mixinStandardHelpOptions = true, description = "Drop a share of packets silently.",
        subcommands = {LossCommand.Start.class})
public final class LossCommand extends FaultGroup {

    /** {@code loss start --percent 7 [--burst N] [targeting] [--wait]}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start dropping packets.")
    static final class Start extends FaultGroup.Start {
        @Mixin
        LossOptions fault;

        @Override
        int start() throws InterruptedException {
            return start(actions(route().kind()), fault.body(), Map.of(), fault.targeting);
        }
    }
}
