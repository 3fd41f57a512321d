package dev.netfault.agent.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
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
        TargetingOptions targeting;

        @Option(names = "--delay", required = true, paramLabel = "DURATION", converter = HumanDuration.class,
                description = "Added delay, e.g. 200ms.")
        Duration delay;

        @Option(names = "--jitter", paramLabel = "DURATION", converter = HumanDuration.class,
                description = "Random variation of the delay, e.g. 10ms (default: none).")
        Duration jitter = Duration.ZERO;

        @Option(names = "--flows", paramLabel = "PERCENT", description = "Share of flows impaired, 1-100 (default: 100).")
        Integer flows;

        @Option(names = "--ingress", description = "Delay incoming traffic instead of outgoing (needs ifb).")
        boolean ingress;

        @Option(names = "--correlation", paramLabel = "PERCENT", description = "netem correlation of successive delays, 0-100.")
        Integer correlation;

        @Option(names = "--distribution", paramLabel = "NAME",
                description = "Jitter distribution: normal, pareto, paretonormal or uniform.")
        String distribution;

        @Option(names = "--wait", description = "Block until the fault expires (progress on stderr); Ctrl-C reverts it.")
        boolean wait;

        @Override
        public Integer call() {
            return Outcome.of(spec, () -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("DelayMilliseconds", delay.toMillis());
                body.put("JitterMilliseconds", jitter.toMillis());
                targeting.putInto(body, true);
                if (flows != null) {
                    body.put("FlowsPercent", flows);
                }
                if (ingress) {
                    body.put("TrafficType", "ingress");
                }
                if (correlation != null) {
                    body.put("CorrelationPercent", correlation);
                }
                if (distribution != null) {
                    body.put("Distribution", distribution);
                }
                FaultActions actions = new FaultActions(spec, agent.client(), FaultRoute.LATENCY, "latency");
                return actions.start(body, Map.of(), wait, Optional.ofNullable(targeting.duration));
            });
        }
    }
}
