package dev.netfault.agent.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code netfault impair start|stop|status} (also {@code impairment}, the kind's name; stop and status:
 * {@link KindControl}).
 */
@Command(name = "impairment", aliases = "impair", mixinStandardHelpOptions = true,
        description = "Delay, drop, corrupt, duplicate or reorder packets, in one netem.",
        subcommands = {ImpairmentCommand.Start.class})
public final class ImpairmentCommand extends FaultGroup {

    /** {@code impair start [--delay 50ms] [--jitter 5ms] [--loss 2%] [--duplicate 1%] ... [targeting] [--wait]}. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start impairing packets: any of --delay, --jitter, --loss, --corrupt, --duplicate, --reorder.")
    static final class Start extends FaultGroup.Start {
        @Mixin
        ImpairmentOptions fault;

        @Override
        int start() throws InterruptedException {
            return start(actions(route().kind()), fault.body(), Map.of(), fault.targeting);
        }
    }
}
