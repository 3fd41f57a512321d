package dev.netfault.bridge.testing;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way to get two namespaces joined by a veth pair (testbed lane 1): two {@link Netns} (so deleted on close and
 * at JVM exit) whose veth ends have {@code 198.51.100.1/24} and {@code 2001:db8::1/64} on side A,
 * {@code 198.51.100.2/24} and {@code 2001:db8::2/64} on side B, plus any extra addresses asked for on B (another
 * destination, e.g. one to exempt). Loopback is up on both sides, IPv6 needs no duplicate address detection, and the
 * links have carrier when {@link Builder#create()} returns. Names are unique per pair: {@code PREFIX<6 hex>a|b} for
 * namespaces and, unless {@link Builder#interfaces} names them, {@code PREFIXa|b<6 hex>} for the veth ends.
 *
 * <pre>{@code
 * Netns.assumeRoot();
 * try (NetnsPair pair = NetnsPair.builder().extraAddressOnB("198.51.100.3/24").create()) {
 *     pair.b().exec("ip", "addr", "show");
 * }
 * }</pre>
 */
public final class NetnsPair implements AutoCloseable {

    public static final String A_IPV4 = "198.51.100.1";
    public static final String B_IPV4 = "198.51.100.2";
    public static final String A_IPV6 = "2001:db8::1";
    public static final String B_IPV6 = "2001:db8::2";
    /** The name prefix unless {@value #PREFIX_PROPERTY} or {@link Builder#prefix} says otherwise. */
    public static final String DEFAULT_PREFIX = "nfl1";
    /** A system property that gives a whole suite its own prefix (1-6 of a-z0-9), e.g. {@code -Dnetfault.netnsPrefix=nfe2e}. */
    public static final String PREFIX_PROPERTY = "netfault.netnsPrefix";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MAC = Pattern.compile("\"address\":\"([0-9a-f:]{17})\"");
    private static final Duration LINK_UP = Duration.ofSeconds(5);

    private final List<String> extraOnB;
    private final List<Netns> created = new ArrayList<>();
    private Netns a;
    private Netns b;

    private NetnsPair(Builder options) throws InterruptedException {
        this.extraOnB = List.copyOf(options.extraOnB);
        String suffix = String.format("%06x", RANDOM.nextInt(1 << 24));
        String prefix = options.prefix;
        try {
            a = Netns.createNamed(prefix + suffix + "a");
            created.add(a);
            b = Netns.createNamed(prefix + suffix + "b");
            created.add(b);
            a.attach(new Netns.Veth(options.ifaceA != null ? options.ifaceA : prefix + "a" + suffix, A_IPV4, A_IPV6));
            b.attach(new Netns.Veth(options.ifaceB != null ? options.ifaceB : prefix + "b" + suffix, B_IPV4, B_IPV6));
            for (Netns ns : created) {
                // no duplicate address detection on link-local addresses either: IPv6 works the moment the link is up
                ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
                ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
            }
            // created inside the namespaces directly: the host's own namespace never sees the veth
            Netns.host("ip", "link", "add", a.iface(), "netns", a.name(), "type", "veth",
                    "peer", "name", b.iface(), "netns", b.name());
            configure(a, List.of());
            configure(b, extraOnB);
            awaitLinkUp(a);
            awaitLinkUp(b);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** The prefix of this suite's namespaces: {@value #PREFIX_PROPERTY} if set, else {@value #DEFAULT_PREFIX}. */
    public static String defaultPrefix() {
        return Netns.checkPrefix(PREFIX_PROPERTY, System.getProperty(PREFIX_PROPERTY, DEFAULT_PREFIX), 6);
    }

    /** A pair with the default prefix and no extra addresses. */
    public static NetnsPair create() throws InterruptedException {
        return builder().create();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client side, {@code 198.51.100.1} / {@code 2001:db8::1}. */
    public Netns a() {
        return a;
    }

    /** The server side, {@code 198.51.100.2} / {@code 2001:db8::2}, plus the extra addresses. */
    public Netns b() {
        return b;
    }

    /**
     * Makes each side know the other's MAC addresses (state REACHABLE), as after recent traffic, so that a fault that
     * also drops ARP or neighbour discovery (the nftables loss fallback does) cannot add losses of its own to a
     * measurement. Touches no netfilter or tc state.
     */
    public void warmNeighbours() throws InterruptedException {
        learn(a, b, List.of(b.ipv4(), b.ipv6()));
        learn(b, a, List.of(a.ipv4(), a.ipv6()));
        learn(a, b, extraOnB.stream().map(c -> c.substring(0, c.indexOf('/'))).toList());
    }

    private static void learn(Netns ns, Netns peer, List<String> addresses) throws InterruptedException {
        String json = peer.exec("ip", "-j", "link", "show", "dev", peer.iface());
        Matcher m = MAC.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no MAC address for " + peer.iface() + ": " + json);
        }
        for (String address : addresses) {
            ns.exec("ip", "neigh", "replace", address, "lladdr", m.group(1), "dev", ns.iface(), "nud", "reachable");
        }
    }

    /** Deletes both namespaces (the veth goes with them); safe to call twice and after a failed setup. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Netns ns : created) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void configure(Netns ns, List<String> extra) throws InterruptedException {
        ns.exec("ip", "addr", "add", ns.ipv4() + "/24", "dev", ns.iface());
        ns.exec("ip", "addr", "add", ns.ipv6() + "/64", "dev", ns.iface(), "nodad");
        for (String address : extra) {
            List<String> argv = new ArrayList<>(List.of("ip", "addr", "add", address, "dev", ns.iface()));
            if (address.contains(":")) {
                argv.add("nodad");
            }
            ns.exec(argv.toArray(String[]::new));
        }
        ns.exec("ip", "link", "set", ns.iface(), "up");
    }

    /** Waits until the veth has carrier and no address is still tentative. */
    private static void awaitLinkUp(Netns ns) throws InterruptedException {
        long deadline = System.nanoTime() + LINK_UP.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = ns.run("ip", "addr", "show", "dev", ns.iface()).stdout();
            if (state.contains("LOWER_UP") && !state.contains("tentative")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(ns.iface() + " in " + ns.name() + " did not come up within 5 s: " + state);
    }

    /** Options of a pair: the name prefix, the veth ends' names and extra addresses on side B. */
    public static final class Builder {
        private String prefix = defaultPrefix();
        private String ifaceA;
        private String ifaceB;
        private final List<String> extraOnB = new ArrayList<>();

        private Builder() {
        }

        /** 1-7 lowercase letters or digits, unique to the suite, so parallel suites never share a name. */
        public Builder prefix(String p) {
            prefix = Netns.checkPrefix("prefix", p, 7);
            return this;
        }

        /**
         * Fixed names for the veth ends (each namespace has its own, so they need not be unique), e.g. for a test
         * whose expected kernel state names the device.
         */
        public Builder interfaces(String a, String b) {
            for (String name : new String[] {a, b}) {
                if (name == null || !name.matches("[A-Za-z0-9_.-]{1,15}")) {
                    throw new IllegalArgumentException("interface: '" + name + "' (expected: 1-15 of A-Za-z0-9_.-)");
                }
            }
            if (a.equals(b)) {
                throw new IllegalArgumentException("interfaces: '" + a + "' twice (expected: two names)");
            }
            ifaceA = a;
            ifaceB = b;
            return this;
        }

        /** An extra address with prefix length on B, e.g. {@code 198.51.100.3/24} or {@code 2001:db8::3/64}. */
        public Builder extraAddressOnB(String cidr) {
            if (cidr == null || !cidr.matches("[0-9a-fA-F:.]+/\\d{1,3}")) {
                throw new IllegalArgumentException("address: '" + cidr + "' (expected: an address with a prefix length)");
            }
            extraOnB.add(cidr);
            return this;
        }

        public NetnsPair create() throws InterruptedException {
            return new NetnsPair(this);
        }
    }
}
