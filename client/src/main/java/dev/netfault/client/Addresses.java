package dev.netfault.client;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The agent's rules for {@code Sources} (IPv4/IPv6 addresses or CIDRs, or DNS names) and {@code SourcesToFilter}
 * (addresses or CIDRs only). Nothing here resolves a name: literal addresses are checked by their shape.
 */
final class Addresses {

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Addresses() {
    }

    /** Sources: every entry an address, a CIDR or a DNS name. */
    static List<String> sources(List<String> values, String field) {
        List<String> copy = copy(values, field);
        for (String v : copy) {
            if (!isHostname(v) && !isCidr(v)) {
                throw AgentRules.invalid(v, field);
            }
        }
        return copy;
    }

    /** SourcesToFilter: every entry an address or a CIDR. */
    static List<String> cidrs(List<String> values, String field) {
        List<String> copy = copy(values, field);
        for (String v : copy) {
            if (!isCidr(v)) {
                throw AgentRules.invalid(v, field);
            }
        }
        return copy;
    }

    private static List<String> copy(List<String> values, String field) {
        for (String v : values) {
            if (v == null) {
                throw new NullPointerException(field + " entry");
            }
        }
        return List.copyOf(values);
    }

    static boolean isCidr(String text) {
        if (text.isBlank()) {
            return false;
        }
        String s = text.trim();
        String addr = s;
        int max;
        int slash = s.indexOf('/');
        Integer prefix = null;
        if (slash >= 0) {
            addr = s.substring(0, slash);
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                return false;
            }
            prefix = Integer.parseInt(p);
        }
        if (V4.matcher(addr).matches()) {
            for (String octet : addr.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            max = 32;
        } else if (addr.indexOf(':') >= 0 && V6.matcher(addr).matches()) {
            max = ipv6LiteralBits(addr);
            if (max == 0) {
                return false;
            }
        } else {
            return false;
        }
        return prefix == null || prefix <= max;
    }

    /**
     * The address bits of a literal with a colon (128, or 32 for an IPv4-mapped one, as the JDK reads it), 0 when it is
     * no literal. The shape was checked first, so this never looks a name up.
     */
    private static int ipv6LiteralBits(String addr) {
        try {
            return java.net.InetAddress.getByName(addr) instanceof java.net.Inet4Address ? 32 : 128;
        } catch (java.net.UnknownHostException e) {
            return 0;
        }
    }

    /** A DNS name: labels of 1-63 letters, digits and hyphens, at most 253 in all, with a letter in its last label. */
    static boolean isHostname(String text) {
        String n = text.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.length() > 253 || n.chars().noneMatch(Character::isLetter)) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        String last = n.substring(n.lastIndexOf('.') + 1);
        return last.chars().anyMatch(Character::isLetter);
    }
}
