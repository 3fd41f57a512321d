package dev.netfault.client;

/**
 * Go's {@code net.ParseIP} / {@code net.ParseCIDR}, the test the agent (like the ECS agent) applies to an address or
 * CIDR entry: a strict dotted quad (no leading zeros, no more or fewer than four parts), an IPv6 address with at most
 * one {@code ::} and an IPv4 tail only as its last 32 bits, no zone, no spaces; a prefix length of decimal digits
 * (leading zeros allowed) not beyond the address's bits (128 for an IPv4-mapped address).
 *
 * <p>{@code GoIp.prefix("198.51.100.0/024")} is 24; {@code GoIp.prefix(" 198.51.100.8 ")} is {@link #INVALID}.
 */
final class GoIp {

    /** Not an address or CIDR for Go. */
    static final int INVALID = -2;
    /** An address without a prefix length. */
    static final int NONE = -1;

    private GoIp() {
    }

    /** The prefix length of an accepted CIDR, {@link #NONE} for an accepted bare address, else {@link #INVALID}. */
    static int prefix(String s) {
        int slash = s.indexOf('/');
        int bits = addressBits(slash < 0 ? s : s.substring(0, slash));
        if (bits < 0) {
            return INVALID;
        }
        if (slash < 0) {
            return NONE;
        }
        String mask = s.substring(slash + 1);
        if (mask.isEmpty()) {
            return INVALID;
        }
        int n = 0;
        for (int i = 0; i < mask.length(); i++) {
            char c = mask.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            n = n * 10 + (c - '0');
            if (n >= 0xFFFFFF) {
                return INVALID;
            }
        }
        return n <= bits ? n : INVALID;
    }

    /** 32 for an IPv4 address, 128 for an IPv6 one (IPv4-mapped included), -1 when Go refuses the text. */
    static int addressBits(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.':
                    return dottedQuad(s, 0) ? 32 : -1;
                case ':':
                    return ipv6(s) ? 128 : -1;
                case '%':
                    return -1;
                default:
                    break;
            }
        }
        return -1;
    }

    /** {@code s} from {@code from} to its end is four decimal parts of 0-255, each without a leading zero. */
    private static boolean dottedQuad(String s, int from) {
        String[] parts = s.substring(from).split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Groups of 1-4 hex digits separated by ':', one '::' at most, an IPv4 tail filling bytes 12-15 or after '::'. */
    private static boolean ipv6(String s) {
        int n = s.length();
        int filled = 0; // bytes of the 16
        boolean ellipsis = false;
        int p = 0;
        if (s.startsWith("::")) {
            ellipsis = true;
            p = 2;
            if (p == n) {
                return true;
            }
        }
        while (filled < 16) {
            int end = p;
            while (end < n && hex(s.charAt(end))) {
                if (end - p == 4) {
                    return false;
                }
                end++;
            }
            if (end == p) {
                return false;
            }
            if (end < n && s.charAt(end) == '.') {
                if ((!ellipsis && filled != 12) || filled + 4 > 16 || !dottedQuad(s, p)) {
                    return false;
                }
                filled += 4;
                p = n;
                break;
            }
            filled += 2;
            p = end;
            if (p == n) {
                break;
            }
            if (s.charAt(p) != ':' || p + 1 == n) {
                return false;
            }
            p++;
            if (s.charAt(p) == ':') {
                if (ellipsis) {
                    return false;
                }
                ellipsis = true;
                p++;
                if (p == n) {
                    break;
                }
            }
        }
        if (p != n) {
            return false;
        }
        return filled < 16 ? ellipsis : !ellipsis;
    }
}
