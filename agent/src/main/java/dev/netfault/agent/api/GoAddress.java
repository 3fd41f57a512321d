package dev.netfault.agent.api;

import java.util.Optional;

/**
 * The ECS agent's test of a Sources / SourcesToFilter entry: Go's {@code net.ParseIP} or {@code net.ParseCIDR} succeeds
 * (both {@code netip.ParseAddr} underneath: strict dotted quads without leading zeros, at most one {@code ::}, an
 * embedded IPv4 only as the last 32 bits, no zone; a CIDR's prefix length decimal digits, leading zeros allowed, not
 * beyond the address's bits). The accepted text, with the prefix length made canonical, is returned for
 * {@link dev.netfault.bridge.target.Cidr#parse}.
 */
final class GoAddress {

    private GoAddress() {
    }

    /** The entry in canonical form when Go accepts it; empty otherwise. */
    static Optional<String> accept(String s) {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int bits = bits(addr);
        if (bits < 0) {
            return Optional.empty();
        }
        if (slash < 0) {
            return Optional.of(s);
        }
        String mask = s.substring(slash + 1);
        if (mask.isEmpty()) {
            return Optional.empty();
        }
        int n = 0;
        for (int i = 0; i < mask.length(); i++) { // Go's dtoi: digits only, leading zeros allowed, below 0xFFFFFF
            char c = mask.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            n = n * 10 + c - '0';
            if (n >= 0xFFFFFF) {
                return Optional.empty();
            }
        }
        return n > bits ? Optional.empty() : Optional.of(addr + "/" + n);
    }

    /** 32 or 128 when {@code netip.ParseAddr} accepts {@code s} without a zone (an IPv4-mapped address is 128); else -1. */
    static int bits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                return ipv4(s, 0, s.length()) ? 32 : -1;
            }
            if (c == ':') {
                return ipv6(s) ? 128 : -1;
            }
            if (c == '%') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean ipv4(String s, int from, int to) {
        int fields = 0;
        int i = from;
        while (true) {
            int start = i;
            int val = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start == 3) {
                    return false;
                }
                val = val * 10 + s.charAt(i) - '0';
                i++;
            }
            int len = i - start;
            if (len == 0 || (len > 1 && s.charAt(start) == '0') || val > 255) {
                return false;
            }
            fields++;
            if (i == to) {
                return fields == 4;
            }
            if (s.charAt(i) != '.' || fields == 4) {
                return false;
            }
            i++;
        }
    }

    private static boolean ipv6(String s) {
        if (s.indexOf('%') >= 0) {
            return false; // a zone: net.ParseIP refuses it
        }
        int ellipsis = -1;
        int i = 0; // bytes of the address filled
        int p = 0;
        int n = s.length();
        if (n >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
            ellipsis = 0;
            p = 2;
            if (p == n) {
                return true;
            }
        }
        while (i < 16) {
            int off = 0;
            while (p + off < n && Character.digit(s.charAt(p + off), 16) >= 0 && s.charAt(p + off) < 0x80) {
                off++;
                if (off > 4) {
                    return false;
                }
            }
            if (off == 0) {
                return false;
            }
            if (p + off < n && s.charAt(p + off) == '.') {
                if (ellipsis < 0 && i != 12) {
                    return false;
                }
                if (i + 4 > 16) {
                    return false;
                }
                if (!ipv4(s, p, n)) {
                    return false;
                }
                i += 4;
                p = n;
                break;
            }
            i += 2;
            p += off;
            if (p == n) {
                break;
            }
            if (s.charAt(p) != ':' || p + 1 == n) {
                return false;
            }
            p++;
            if (s.charAt(p) == ':') {
                if (ellipsis >= 0) {
                    return false;
                }
                ellipsis = i;
                p++;
                if (p == n) {
                    break;
                }
            }
        }
        if (p != n) {
            return false;
        }
        return i < 16 ? ellipsis >= 0 : ellipsis < 0;
    }
}
