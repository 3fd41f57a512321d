package dev.netfault.client;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The agent's rules for {@code Sources} (IPv4/IPv6 addresses or CIDRs, or DNS names) and {@code SourcesToFilter}
 * (addresses or CIDRs only), as Go parses addresses (no spaces, no leading zeros). Nothing here resolves a name.
 */
final class Addresses {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Addresses() {
    }

    /** Sources: every entry an address, a CIDR or a DNS name. */
    static List<String> sources(List<String> values, String field) {
        List<String> copy = copy(values, field);
        for (String v : copy) {
            if (!isCidr(v) && !isHostname(v)) {
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

    /**
     * An address or CIDR the agent takes: Go accepts it ({@link GoIp}) and so does the agent's store, which reads an
     * IPv6 literal with the JDK: an IPv4-mapped one ({@code ::ffff:198.51.100.1}) becomes IPv4, so its prefix is at
     * most 32.
     */
    static boolean isCidr(String text) {
        int prefix = GoIp.prefix(text);
        if (prefix == GoIp.INVALID) {
            return false;
        }
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        if (addr.indexOf(':') < 0) {
            return true;
        }
        try {
            // a literal Go accepted (hex digits, ':' and '.'), so the JDK parses it and never looks a name up
            boolean v4 = java.net.InetAddress.getByName(addr) instanceof java.net.Inet4Address;
            return prefix <= (v4 ? 32 : 128);
        } catch (java.net.UnknownHostException e) {
            return false;
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
