package dev.netfault.bridge.target;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network: an address and a prefix length, with host bits cleared.
 *
 * <p>{@code Cidr.parse("198.51.100.7")} is {@code 198.51.100.7/32}; {@code Cidr.parse("2001:db8::/32")} keeps its prefix.
 * Only literal addresses are accepted: parsing never resolves a name.
 */
public record Cidr(InetAddress address, int prefix) {

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public Cidr {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0-" + max + ")");
        }
        address = mask(address, prefix);
    }

    /** Parses {@code a.b.c.d}, {@code a.b.c.d/n}, an IPv6 literal or an IPv6 literal with {@code /n}. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address: '" + text + "' (expected: an IPv4 or IPv6 address or CIDR)");
        }
        String s = text.trim();
        String addr = s;
        Integer prefix = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            addr = s.substring(0, slash);
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(text);
            }
            prefix = Integer.parseInt(p);
        }
        InetAddress ip;
        if (V4.matcher(addr).matches()) {
            for (String octet : addr.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw invalid(text);
                }
            }
            ip = literal(addr, text);
        } else if (addr.indexOf(':') >= 0 && v6Chars(addr)) {
            ip = literal(addr, text);
        } else {
            throw invalid(text);
        }
        int max = ip instanceof Inet4Address ? 32 : 128;
        int p = prefix == null ? max : prefix;
        if (p > max) {
            throw invalid(text);
        }
        return new Cidr(ip, p);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** True when {@code other} lies inside this network (same family). */
    public boolean contains(Cidr other) {
        if (isIpv6() != other.isIpv6() || other.prefix < prefix) {
            return false;
        }
        return mask(other.address, prefix).equals(address);
    }

    /**
     * The network address and its prefix, always both ({@code 198.51.100.7/32}, {@code 2001:db8::/32}; IPv6 in lower
     * case with the longest run of two or more zero groups as {@code ::}): the form every argv and script of a plan
     * carries.
     */
    @Override
    public String toString() {
        return (isIpv6() ? compressV6(address) : address.getHostAddress()) + "/" + prefix;
    }

    /** What an IPv6 literal may be made of: 2-45 of {@code [0-9a-fA-F:.]} (a loop: a regex was 30 % of parsing). */
    private static boolean v6Chars(String addr) {
        if (addr.length() < 2 || addr.length() > 45) {
            return false;
        }
        for (int i = 0; i < addr.length(); i++) {
            char c = addr.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "address: '" + text + "' (expected: an IPv4 or IPv6 address or CIDR such as 198.51.100.0/24 or 2001:db8::/32)");
    }

    private static InetAddress literal(String addr, String original) {
        try {
            return InetAddress.getByName(addr); // a literal: never a DNS lookup, guarded by the patterns above
        } catch (UnknownHostException e) {
            throw invalid(original);
        }
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        if (prefix == (address instanceof Inet4Address ? 32 : 128)) {
            return address; // no host bits to clear (10,000 one-address Sources in a request: half of parsing them)
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - bits)));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compressV6(InetAddress a) {
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
