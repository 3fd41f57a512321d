package dev.netfault.agent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a bandwidth limit is: shared by {@code bandwidth start} and {@code plan bandwidth}, turned into the body. */
public final class BandwidthOptions {

    @Mixin
    TargetingOptions targeting;

    @Mixin
    PortOptions ports;

    @Option(names = "--rate", required = true, paramLabel = "RATE",
            description = "The limit: 500kbit, 2mbit, 1gbit or a plain number of kbit/s (8kbit-10gbit).")
    String rate;

    @Option(names = "--burst", paramLabel = "SIZE",
            description = "Bytes let through at line rate after an idle spell: 64kb, 1mb (default: what the rate needs).")
    String burst;

    @Option(names = "--ingress", description = "Limit incoming traffic instead of outgoing.")
    boolean ingress;

    /** The {@code network-bandwidth/start} body. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RateKilobitsPerSecond", BandwidthUnits.rateKbit(rate));
        if (burst != null) {
            body.put("BurstKilobytes", BandwidthUnits.burstKbytes(burst));
        }
        targeting.putInto(body, false);
        ports.putInto(body);
        if (ingress) {
            body.put("TrafficType", "ingress");
        }
        return body;
    }
}
