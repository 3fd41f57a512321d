package dev.netfault.client;

import java.util.Map;

/**
 * A validated fault request: which ECS route it goes to and the JSON it sends. Built only through the typed builders
 * ({@link LatencyFault#builder()}, {@link PacketLossFault#builder()}, {@link BlackholeFault#port(int)}), which refuse
 * what the agent would refuse, with the agent's message.
 */
public sealed interface FaultSpec permits LatencyFault, PacketLossFault, BlackholeFault, ImpairmentFault, BandwidthFault {

    /** The route's fault kind: {@code network-latency}, {@code network-packet-loss}, {@code network-blackhole-port}. */
    String route();

    /** The body of the start request, with the agent's field names (an unmodifiable, ordered map). */
    Map<String, Object> toJson();

    /**
     * The body of stop and status: empty for latency and loss (one of each at most), the blackhole's
     * {@code Port}, {@code Protocol} and {@code TrafficType} otherwise.
     */
    Map<String, Object> identity();
}
