package dev.netfault.agent.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What an impairment is: shared by {@code impair start} and {@code plan impair}, turned into the
 * {@code network-impairment/start} body. Only what is given is sent; the agent checks the combination.
 */
public final class ImpairmentOptions {

    @Mixin
    TargetingOptions targeting;

    @Mixin
    PortOptions ports;

    @Option(names = "--delay", paramLabel = "DURATION", converter = HumanDuration.NonNegative.class,
            description = "Added delay, e.g. 50ms (default: none).")
    Duration delay;

    @Option(names = "--jitter", paramLabel = "DURATION", converter = HumanDuration.NonNegative.class,
            description = "Random variation of the delay, e.g. 5ms (default: none).")
    Duration jitter;

    @Option(names = "--correlation", paramLabel = "PERCENT", converter = Percent.class,
            description = "netem correlation of successive delays, 0-100.")
    Integer correlation;

    @Option(names = "--distribution", paramLabel = "NAME",
            description = "Jitter distribution: normal, pareto, paretonormal or uniform.")
    String distribution;

    @Option(names = "--loss", paramLabel = "PERCENT", converter = Percent.class, description = "Packets dropped, e.g. 2%%.")
    Integer loss;

    @Option(names = "--burst", paramLabel = "N", description = "Drop in bursts of N packets on average (same long-run rate).")
    Integer burst;

    @Option(names = "--corrupt", paramLabel = "PERCENT", converter = Percent.class,
            description = "Packets with one bit flipped, e.g. 1%%.")
    Integer corrupt;

    @Option(names = "--duplicate", paramLabel = "PERCENT", converter = Percent.class,
            description = "Packets sent twice, e.g. 1%%.")
    Integer duplicate;

    @Option(names = "--reorder", paramLabel = "PERCENT", converter = Percent.class,
            description = "Packets sent at once, ahead of delayed ones, e.g. 25%% (needs --delay).")
    Integer reorder;

    @Option(names = "--flows", paramLabel = "PERCENT", description = "Share of flows impaired, 1-100 (default: 100).")
    Integer flows;

    @Option(names = "--ingress", description = "Impair incoming traffic instead of outgoing (needs ifb).")
    boolean ingress;

    /** The {@code network-impairment/start} body. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (delay != null) {
            body.put("DelayMilliseconds", delay.toMillis());
        }
        if (jitter != null) {
            body.put("JitterMilliseconds", jitter.toMillis());
        }
        put(body, "CorrelationPercent", correlation);
        if (distribution != null) {
            body.put("Distribution", distribution);
        }
        put(body, "LossPercent", loss);
        if (burst != null) {
            body.put("LossModel", "burst");
            body.put("MeanBurstPackets", burst);
        }
        put(body, "CorruptPercent", corrupt);
        put(body, "DuplicatePercent", duplicate);
        put(body, "ReorderPercent", reorder);
        targeting.putInto(body, true);
        ports.putInto(body);
        put(body, "FlowsPercent", flows);
        if (ingress) {
            body.put("TrafficType", "ingress");
        }
        return body;
    }

    private static void put(Map<String, Object> body, String field, Integer value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
