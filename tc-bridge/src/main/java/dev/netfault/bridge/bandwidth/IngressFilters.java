package dev.netfault.bridge.bandwidth;

import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.List;

/**
 * The u32 filters on an interface's {@code ingress} qdisc that send the targeted arriving packets to netfault's ifb.
 * tc ingress runs before netfilter, so no nft rule can pick them: the filters match the packet's source address
 * (Sources), its transport protocol and destination port (the application's own listening port), and let exempt
 * sources and the agent's control port pass first (a match without an action ends classification).
 *
 * <p>Priorities from {@code firstPrio} (1, or 2 after a lease gate): IPv4 exemptions, IPv6 exemptions, IPv4
 * redirects, IPv6 redirects (one u32 priority holds one protocol). {@code match ip dport} reads a fixed offset, as u32 does: packets with IP options or IPv6 extension
 * headers are not recognised by port.
 */
record IngressFilters(Scope scope, Targeting targeting, String ifb, int firstPrio) {

    String batch(String dev) {
        StringBuilder sb = new StringBuilder();
        for (boolean v6 : new boolean[] {false, true}) {
            String fam = v6 ? "ip6" : "ip";
            if (v6 ? !scope.ipv6() : !scope.ipv4()) {
                continue;
            }
            String head = "filter add dev " + dev + " parent ffff: protocol " + (v6 ? "ipv6" : "ip") + " prio ";
            for (Cidr e : scope.exemptions(v6)) {
                sb.append(head).append(firstPrio + (v6 ? 1 : 0)).append(" u32 match ").append(fam).append(" src ").append(e)
                        .append(" classid ffff:1\n");
            }
            if (scope.controlPort() != 0 && controlPortTargeted()) {
                sb.append(head).append(firstPrio + (v6 ? 1 : 0)).append(" u32 match ").append(fam).append(" protocol 6 0xff match ")
                        .append(fam).append(" dport ").append(scope.controlPort()).append(" 0xffff classid ffff:1\n");
            }
            List<String> srcs = new ArrayList<>();
            if (scope.sources(v6).isEmpty()) {
                srcs.add("");
            }
            scope.sources(v6).forEach(s -> srcs.add(" match " + fam + " src " + s));
            for (String src : srcs) {
                for (String l4 : transports(fam)) {
                    sb.append(head).append(firstPrio + (v6 ? 3 : 2)).append(" u32").append(src.isEmpty() && l4.isEmpty()
                            ? " match u32 0 0" : src + l4).append(" action mirred egress redirect dev ").append(ifb)
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** The control port needs its exemption only where its packets could be redirected at all. */
    private boolean controlPortTargeted() {
        return (targeting.ports().isEmpty() || targeting.ports().contains(scope.controlPort()))
                && targeting.protocol().map(p -> p == Protocol.TCP).orElse(true);
    }

    /** The transport matches: one per protocol and port; {@code ""} when the targeting has none. */
    private List<String> transports(String fam) {
        if (!targeting.byTransport()) {
            return List.of("");
        }
        List<Protocol> protos = targeting.protocol().map(List::of).orElse(List.of(Protocol.TCP, Protocol.UDP));
        List<String> out = new ArrayList<>();
        for (Protocol p : protos) {
            String proto = " match " + fam + " protocol " + p.number() + " 0xff";
            if (targeting.ports().isEmpty()) {
                out.add(proto);
            }
            targeting.ports().forEach(port -> out.add(proto + " match " + fam + " dport " + port + " 0xffff"));
        }
        return out;
    }
}
