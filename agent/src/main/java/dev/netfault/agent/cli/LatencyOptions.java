package dev.netfault.agent.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a latency fault is: shared by {@code latency start} and {@code plan latency}, turned into the ECS body. */
public final class LatencyOptions {

    @Mixin
    TargetingOptions targeting;

    @Mixin
    PortOptions ports;

    @Option(names = "--delay", required = true, paramLabel = "DURATION", converter = HumanDuration.NonNegative.class,
            description = "Added delay, e.g. 200ms.")
    Duration delay;

    @Option(names = "--jitter", paramLabel = "DURATION", converter = HumanDuration.NonNegative.class,
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

    /** The {@code network-latency/start} body. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("DelayMilliseconds", delay.toMillis());
        body.put("JitterMilliseconds", jitter.toMillis());
        targeting.putInto(body, true);
        ports.putInto(body);
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
        return body;
    }
}
