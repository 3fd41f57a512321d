package dev.netfault.agent.cli;

import java.util.LinkedHashMap;
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
        TargetingOptions targeting;

        @Option(names = "--percent", required = true, paramLabel = "PERCENT", description = "Long-run loss rate, 1-100.")
        int percent;

        @Option(names = "--burst", paramLabel = "N",
                description = "Drop in bursts of N packets on average (same long-run rate; needs netem).")
        Integer burst;

        @Option(names = "--flows", paramLabel = "PERCENT", description = "Share of flows impaired, 1-100 (default: 100).")
        Integer flows;

        @Option(names = "--ingress", description = "Drop incoming traffic instead of outgoing (needs ifb).")
        boolean ingress;

        @Option(names = "--wait", description = "Block until the fault expires (progress on stderr); Ctrl-C reverts it.")
        boolean wait;

        @Override
        public Integer call() {
            return Outcome.of(spec, () -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("LossPercent", percent);
                targeting.putInto(body, true);
                if (flows != null) {
                    body.put("FlowsPercent", flows);
                }
                if (ingress) {
                    body.put("TrafficType", "ingress");
                }
                if (burst != null) {
                    body.put("LossModel", "burst");
                    body.put("MeanBurstPackets", burst);
                }
                FaultActions actions = new FaultActions(spec, agent.client(), FaultRoute.LOSS, "loss");
                return actions.start(body, Map.of(), wait, Optional.ofNullable(targeting.duration));
            });
        }
    }
}
