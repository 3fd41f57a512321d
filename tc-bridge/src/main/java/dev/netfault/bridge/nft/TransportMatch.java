package dev.netfault.bridge.nft;

import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The nft match for a targeting's {@code Ports} and {@code Protocol}: the packet's destination port, in both
 * directions (egress: the remote service's; ingress: the application's own listening port).
 *
 * <ul>
 *   <li>no ports, no protocol: {@code ""} (every packet)</li>
 *   <li>{@code Protocol tcp}: {@code meta l4proto tcp}</li>
 *   <li>{@code Ports [5432], Protocol tcp}: {@code meta l4proto tcp th dport 5432}</li>
 *   <li>{@code Ports [53, 5353]}: {@code meta l4proto { tcp, udp } th dport { 53, 5353 }}</li>
 * </ul>
 */
public final class TransportMatch {

    private TransportMatch() {
    }

    /** The fragment, without a trailing space; empty when the targeting does not match on transport. */
    public static String of(Targeting t) {
        if (!t.byTransport()) {
            return "";
        }
        String proto = t.protocol().map(p -> "meta l4proto " + p.wire())
                .orElse("meta l4proto { " + Protocol.TCP.wire() + ", " + Protocol.UDP.wire() + " }");
        List<Integer> ports = t.ports();
        if (ports.isEmpty()) {
            return proto;
        }
        String set = ports.size() == 1 ? String.valueOf(ports.get(0))
                : ports.stream().map(String::valueOf).collect(Collectors.joining(", ", "{ ", " }"));
        return proto + " th dport " + set;
    }
}
