package dev.netfault.agent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a loss fault is: shared by {@code loss start} and {@code plan loss}, turned into the ECS body. */
public final class LossOptions {

    @Mixin
    TargetingOptions targeting;

    @Mixin
    PortOptions ports;

    @Option(names = "--percent", required = true, paramLabel = "PERCENT", description = "Long-run loss rate, 1-100.")
    int percent;

    @Option(names = "--burst", paramLabel = "N",
            description = "Drop in bursts of N packets on average (same long-run rate; needs netem).")
    Integer burst;

    @Option(names = "--flows", paramLabel = "PERCENT", description = "Share of flows impaired, 1-100 (default: 100).")
    Integer flows;

    @Option(names = "--ingress", description = "Drop incoming traffic instead of outgoing (needs ifb).")
    boolean ingress;

    /** The {@code network-packet-loss/start} body. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("LossPercent", percent);
        targeting.putInto(body, true);
        ports.putInto(body);
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
        return body;
    }
}
