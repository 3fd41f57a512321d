package dev.netfault.bridge.tc;

import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.List;

/**
 * The u32 keys of a scope's {@code Ports} and {@code Protocol}: the packet's destination port, one filter per
 * protocol x port (u32 has no sets), e.g. {@code match ip protocol 6 0xff match ip dport 5432 0xffff} or
 * {@code match ip6 protocol 17 0xff match ip6 dport 53 0xffff}; a protocol without ports is its protocol key alone.
 * u32 reads the port at a fixed offset after a header without options (IPv4 {@code ihl 5}; IPv6 with the transport as
 * the first next header), which is what TCP and UDP traffic carries in practice.
 *
 * <p>{@code PortMatch.keys(scope, false)}
 */
public final class PortMatch {

    /** At most this many impaired filters per family (sources x protocols x ports): u32 scans a priority linearly. */
    public static final int MAX_FILTERS = Targeting.MAX_ADDRESSES;

    private PortMatch() {
    }

    /** The keys, each with a leading space; one empty key when the scope does not match on transport. */
    public static List<String> keys(Scope scope, boolean v6) {
        if (!scope.byTransport()) {
            return List.of("");
        }
        String fam = v6 ? "ip6" : "ip";
        List<String> out = new ArrayList<>();
        for (Protocol p : scope.protocols()) {
            String proto = " match " + fam + " protocol " + p.number() + " 0xff";
            if (scope.ports().isEmpty()) {
                out.add(proto);
            }
            for (int port : scope.ports()) {
                out.add(proto + " match " + fam + " dport " + port + " 0xffff");
            }
        }
        return out;
    }

    /** Refuses a product of addresses and ports that would make a u32 chain too long to scan per packet. */
    public static void requireFew(Scope scope, int addresses, boolean v6) {
        long filters = (long) addresses * keys(scope, v6).size();
        if (filters > MAX_FILTERS) {
            throw new UnsupportedFaultException("Ports/Protocol with " + addresses + " Sources need " + filters
                    + " tc u32 filters per address family (at most " + MAX_FILTERS + "): u32 has no sets; target fewer "
                    + "Sources or ports, or use a kernel with the nftables netdev egress hook (5.16+)");
        }
    }

    /**
     * What {@code tc -j filter show} prints for the keys (read back to prove the kernel installed them; a silently
     * dropped key would impair every port): the protocol byte and the destination port as u32 value/mask/offset.
     */
    public static List<String> readBack(Scope scope, boolean v6) {
        if (!scope.byTransport()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Protocol p : scope.protocols()) {
            int value = v6 ? p.number() << 8 : p.number() << 16;
            out.add(key(Integer.toHexString(value), v6 ? "ff00" : "ff0000", v6 ? 4 : 8));
        }
        for (int port : scope.ports()) {
            out.add(key(Integer.toHexString(port), "ffff", v6 ? 40 : 20));
        }
        return out;
    }

    private static String key(String value, String mask, int off) {
        return "\"match\":{\"value\":\"" + value + "\",\"mask\":\"" + mask + "\",\"offmask\":\"\",\"off\":" + off + "}";
    }
}
