package dev.netfault.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One fault as {@code GET /faults} (and {@code DELETE /faults}) show it.
 *
 * @param id         the agent's id of this fault
 * @param type       {@code latency}, {@code loss} or {@code blackhole}
 * @param key        the fault's identity, e.g. {@code blackhole:egress-tcp-8081}
 * @param parameters the start request's fields as the agent applied them (addresses resolved)
 * @param startedAt  when it started
 * @param expiresAt  when it expires
 * @param mechanism  how the kernel does it, e.g. {@code nft-netdev-egress}
 * @param interfaces the interfaces it acts on
 * @param present    read from the kernel now; false after a stop-all answer, which does not read back
 * @param counters   kernel counters (packets dropped or delayed), empty when not read back
 */
public record ActiveFault(String id, String type, String key, Map<String, Object> parameters, Instant startedAt,
                          Instant expiresAt, String mechanism, List<String> interfaces, boolean present,
                          Map<String, Long> counters) {

    public ActiveFault {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        interfaces = List.copyOf(interfaces);
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
    }
}
