package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Two fresh network namespaces joined by a veth pair (testbed lane 1). Side A has {@code 198.51.100.1/24} and
 * {@code 2001:db8::1/64}, side B {@code 198.51.100.2/24} and {@code 2001:db8::2/64}, plus any extra addresses asked for
 * on B (another destination, e.g. one to exempt). Loopback is up on both sides. Names are unique per pair:
 * {@code PREFIX<6 hex>a|b} for namespaces and {@code PREFIXa|b<6 hex>} for the veth ends, all at most 15 characters.
 * {@link #close()} deletes both namespaces (and kills what still runs in them), also on a JVM shutdown.
 *
 * <pre>{@code
 * NetnsPair.assumeRoot();
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
    private static final ProcessCommandRunner HOST = new ProcessCommandRunner();

    private final Netns a;
    private final Netns b;
    private final Thread shutdownHook;
    private final List<String> extraOnB;
    private final List<Netns> created = new CopyOnWriteArrayList<>();
    private boolean closed;

    private NetnsPair(String prefix, List<String> extraOnB) throws InterruptedException {
        this.extraOnB = extraOnB;
        String suffix = String.format("%06x", RANDOM.nextInt(1 << 24));
        a = new Netns(prefix + suffix + "a", prefix + "a" + suffix, A_IPV4, A_IPV6);
        b = new Netns(prefix + suffix + "b", prefix + "b" + suffix, B_IPV4, B_IPV6);
        shutdownHook = new Thread(this::deleteQuietly, "netns-cleanup-" + suffix);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            for (Netns ns : List.of(a, b)) {
                host("ip", "netns", "add", ns.name());
                created.add(ns); // only what this pair made is ever deleted, even on a name collision
            }
            for (Netns ns : List.of(a, b)) {
                // no duplicate address detection on link-local addresses either: IPv6 works the moment the link is up
                host("ip", "netns", "exec", ns.name(), "sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
                host("ip", "netns", "exec", ns.name(), "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
            }
            // created inside the namespaces directly: the host's own namespace never sees the veth
            host("ip", "link", "add", a.iface(), "netns", a.name(), "type", "veth",
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
        String p = System.getProperty(PREFIX_PROPERTY, DEFAULT_PREFIX);
        if (!p.matches("[a-z][a-z0-9]{0,5}")) {
            throw new IllegalArgumentException(PREFIX_PROPERTY + ": '" + p + "' (expected: 1-6 of a-z0-9, starting with a letter)");
        }
        return p;
    }

    /** A pair with the default prefix and no extra addresses. */
    public static NetnsPair create() throws InterruptedException {
        return builder().create();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test, with the reason printed, unless it runs as root with {@code ip}, {@code nsenter} and
     * {@code tc} on the PATH.
     */
    public static void assumeRoot() {
        String reason = missing();
        if (reason != null) {
            System.out.println("SKIPPED (privileged test): " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    private static String missing() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[2].equals("0")) {
                    return "needs root (effective uid " + line.split("\\s+")[2] + ")";
                }
            }
        } catch (IOException e) {
            return "cannot read /proc/self/status (not Linux?): " + e.getMessage();
        }
        for (String tool : List.of("ip", "nsenter", "tc")) {
            if (!onPath(tool)) {
                return "needs '" + tool + "' on the PATH (Debian: iproute2 / util-linux)";
            }
        }
        return null;
    }

    /** True when {@code tool} is an executable on the PATH. */
    public static boolean onPath(String tool) {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
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

    /** Deletes both namespaces; safe to call twice and after a failed setup. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs anyway
        }
    }

    private void configure(Netns ns, List<String> extra) throws InterruptedException {
        host("ip", "-n", ns.name(), "addr", "add", ns.ipv4() + "/24", "dev", ns.iface());
        host("ip", "-n", ns.name(), "addr", "add", ns.ipv6() + "/64", "dev", ns.iface(), "nodad");
        for (String address : extra) {
            List<String> argv = new ArrayList<>(List.of("ip", "-n", ns.name(), "addr", "add", address, "dev", ns.iface()));
            if (address.contains(":")) {
                argv.add("nodad");
            }
            host(argv.toArray(String[]::new));
        }
        host("ip", "-n", ns.name(), "link", "set", "lo", "up");
        host("ip", "-n", ns.name(), "link", "set", ns.iface(), "up");
    }

    /** Waits until the veth has carrier and no address is still tentative. */
    private static void awaitLinkUp(Netns ns) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = HOST.run(Command.of("ip", "-n", ns.name(), "addr", "show", "dev", ns.iface()), Netns.COMMAND_TIMEOUT)
                    .stdout();
            if (state.contains("LOWER_UP") && !state.contains("tentative")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(ns.iface() + " in " + ns.name() + " did not come up within 5 s: " + state);
    }

    private void deleteQuietly() {
        for (Netns ns : created) {
            try {
                CommandResult pids = HOST.run(Command.of("ip", "netns", "pids", ns.name()), Netns.COMMAND_TIMEOUT);
                for (String pid : pids.stdout().split("\\s+")) {
                    if (pid.matches("\\d+")) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                HOST.run(Command.of("ip", "netns", "del", ns.name()), Netns.COMMAND_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void host(String... argv) throws InterruptedException {
        Command c = Command.of(argv);
        CommandResult r = HOST.run(c, Netns.COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new CommandFailedException(c, r);
        }
    }

    /** Options of a pair: the name prefix and extra addresses on side B. */
    public static final class Builder {
        private String prefix = defaultPrefix();
        private final List<String> extraOnB = new ArrayList<>();

        private Builder() {
        }

        /** 1-7 lowercase letters or digits, unique to the suite, so parallel suites never share a name. */
        public Builder prefix(String p) {
            if (p == null || !p.matches("[a-z][a-z0-9]{0,6}")) {
                throw new IllegalArgumentException("prefix: '" + p + "' (expected: 1-7 of a-z0-9, starting with a letter)");
            }
            prefix = p;
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
            return new NetnsPair(prefix, List.copyOf(extraOnB));
        }
    }
}
