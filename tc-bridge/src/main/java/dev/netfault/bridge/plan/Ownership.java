package dev.netfault.bridge.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The netfault mark: how every kernel object netfault creates is named, so that revert, reconcile and "stop all"
 * find exactly netfault's objects and never touch anyone else's.
 *
 * <ul>
 *   <li>iptables / ip6tables chain {@code NETFAULT-<id>}, every rule with {@code -m comment --comment netfault:<id>}</li>
 *   <li>nftables table {@code netfault_<id>} (family netdev or inet)</li>
 *   <li>ipset {@code nf<id>-<suffix>}</li>
 *   <li>links {@code nf<id><letter>} (ifb devices for ingress redirect or silent drops)</li>
 *   <li>tc: root qdisc handle {@code 4e46:} ("NF"), children {@code 4e47:}-{@code 4e4f:} and the ifb's qdiscs; only one
 *       tc-based fault (latency or netem loss) runs per namespace, so these carry no id</li>
 * </ul>
 */
public final class Ownership {

    public static final String CHAIN_PREFIX = "NETFAULT-";
    public static final String COMMENT_PREFIX = "netfault:";
    public static final String NFT_TABLE_PREFIX = "netfault_";
    public static final String LINK_PREFIX = "nf";
    public static final String TC_ROOT_HANDLE = "4e46:";
    public static final int TC_HANDLE_MIN = 0x4e46;
    public static final int TC_HANDLE_MAX = 0x4e4f;

    private static final Pattern CHAIN = Pattern.compile("NETFAULT-([0-9a-f]{8})");
    private static final Pattern TABLE = Pattern.compile("netfault_([0-9a-f]{8})");
    private static final Pattern LINK = Pattern.compile("nf([0-9a-f]{8})[a-z]");
    private static final Pattern SET = Pattern.compile("nf([0-9a-f]{8})-[a-z0-9]{1,12}");

    private Ownership() {
    }

    public static String chain(FaultId id) {
        return CHAIN_PREFIX + id.value();
    }

    public static String comment(FaultId id) {
        return COMMENT_PREFIX + id.value();
    }

    public static String nftTable(FaultId id) {
        return NFT_TABLE_PREFIX + id.value();
    }

    /** An ifb link name, e.g. {@code nf1a2b3c4di} for ingress redirect ({@code i}) or {@code ...d} for a drop device. */
    public static String link(FaultId id, char role) {
        if (role < 'a' || role > 'z') {
            throw new IllegalArgumentException("role: '" + role + "' (expected: a-z)");
        }
        return LINK_PREFIX + id.value() + role;
    }

    public static String ipset(FaultId id, String suffix) {
        String name = LINK_PREFIX + id.value() + "-" + suffix;
        if (!SET.matcher(name).matches()) {
            throw new IllegalArgumentException("suffix: '" + suffix + "' (expected: 1-12 of a-z0-9)");
        }
        return name;
    }

    public static Optional<FaultId> ofChain(String name) {
        return match(CHAIN, name);
    }

    public static Optional<FaultId> ofNftTable(String name) {
        return match(TABLE, name);
    }

    public static Optional<FaultId> ofLink(String name) {
        return match(LINK, name);
    }

    public static Optional<FaultId> ofIpset(String name) {
        return match(SET, name);
    }

    /** True for a tc handle ({@code "4e46:"}, {@code "4e47:1"}) in netfault's reserved range. */
    public static boolean isOwnedTcHandle(String handle) {
        if (handle == null) {
            return false;
        }
        int colon = handle.indexOf(':');
        String major = colon < 0 ? handle : handle.substring(0, colon);
        try {
            int m = Integer.parseInt(major, 16);
            return m >= TC_HANDLE_MIN && m <= TC_HANDLE_MAX;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<FaultId> match(Pattern p, String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = p.matcher(name);
        return m.matches() ? Optional.of(new FaultId(m.group(1))) : Optional.empty();
    }
}
