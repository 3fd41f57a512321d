package dev.netfault.bridge.nft;

import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Optional;
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
        return of(t.ports(), t.protocol());
    }

    /** The fragment for a scope's ports and protocol. */
    public static String of(Scope s) {
        return of(s.ports(), s.protocol());
    }

    /**
     * What {@code nft list} prints for the fragment of a scope that matches on transport, to read a rule back:
     * nft 1.0.6 folds {@code meta l4proto tcp th dport 5432} into {@code tcp dport 5432} and sorts set elements, so
     * the stable part is {@code dport 5432} / {@code dport { 53, 5353 }}, or {@code meta l4proto udp} without ports.
     */
    public static String listed(Scope s) {
        if (s.ports().isEmpty()) {
            return proto(s.protocol());
        }
        return "dport " + ports(s.ports().stream().sorted().toList());
    }

    private static String of(List<Integer> ports, Optional<Protocol> protocol) {
        if (ports.isEmpty() && protocol.isEmpty()) {
            return "";
        }
        String proto = proto(protocol);
        return ports.isEmpty() ? proto : proto + " th dport " + ports(ports);
    }

    private static String proto(Optional<Protocol> protocol) {
        return protocol.map(p -> "meta l4proto " + p.wire())
                .orElse("meta l4proto { " + Protocol.TCP.wire() + ", " + Protocol.UDP.wire() + " }");
    }

    private static String ports(List<Integer> ports) {
        return ports.size() == 1 ? String.valueOf(ports.get(0))
                : ports.stream().map(String::valueOf).collect(Collectors.joining(", ", "{ ", " }"));
    }
}
