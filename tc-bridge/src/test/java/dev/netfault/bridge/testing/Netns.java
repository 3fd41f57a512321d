package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.nftlib.NftLoader;
import dev.netfault.bridge.nftlib.NftRunner;
import dev.netfault.bridge.plan.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace a test created ({@code ip netns add PREFIX<6 hex>}, loopback up) and deletes in {@link #close()},
 * or, if the test JVM dies first, in a shutdown hook. Commands run in it through {@code nsenter --net=/run/netns/NAME},
 * the way the agent reaches a task's namespace. The sides of a {@link NetnsPair} are namespaces of this kind that also
 * know their veth end and addresses.
 *
 * <pre>{@code
 * Netns.assumeRoot();
 * try (Netns ns = Netns.create("nfkr")) {
 *     ns.exec("iptables", "-w", "5", "-A", "INPUT", "-j", "ACCEPT");
 * }
 * }</pre>
 */
public final class Netns implements AutoCloseable {

    /** Deadline of every command run without an explicit one. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ProcessCommandRunner HOST = new ProcessCommandRunner();
    /** Namespaces not yet closed: the shutdown hook deletes what a dying test left. */
    private static final Set<Netns> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Netns::deleteQuietly), "netns-cleanup"));
    }

    private final String name;
    private final NetnsRunner runner;
    private volatile Veth veth;
    private CommandRunner agentRunner; // made on first use, closed before the namespace is deleted
    private boolean closed;

    private Netns(String name) {
        this.name = name;
        this.runner = new NetnsRunner(HOST, Optional.of(path()));
    }

    /**
     * Creates {@code PREFIX<6 hex>} with loopback up. The prefix (1-8 of a-z0-9, starting with a letter) says which
     * suite made it. When {@code ip netns add} fails, the exception names the command and its stderr.
     */
    public static Netns create(String prefix) throws InterruptedException {
        return createNamed(checkPrefix("prefix", prefix, 8) + String.format("%06x", RANDOM.nextInt(1 << 24)));
    }

    /**
     * A name prefix of at most {@code max} of a-z0-9, starting with a letter, and not {@code nf} followed by hex digits
     * only: with the random hex after it, a name such as {@code nfcba1b2c3d} would look like one of netfault's own
     * links ({@code nf<fault id><letter>}), which the planners leave alone.
     */
    static String checkPrefix(String what, String prefix, int max) {
        if (prefix == null || !prefix.matches("[a-z][a-z0-9]{0," + (max - 1) + "}")) {
            throw new IllegalArgumentException(what + ": '" + prefix + "' (expected: 1-" + max
                    + " of a-z0-9, starting with a letter)");
        }
        if (prefix.matches("nf[0-9a-f]*")) {
            throw new IllegalArgumentException(what + ": '" + prefix + "' (expected: a prefix that is not 'nf' and hex"
                    + " digits only, which would make names look like netfault's own links)");
        }
        return prefix;
    }

    /** Creates a namespace of exactly this name (a {@link NetnsPair} picks names for both sides). */
    static Netns createNamed(String name) throws InterruptedException {
        host("ip", "netns", "add", name);
        Netns ns = new Netns(name);
        LIVE.add(ns); // only what this call made is ever deleted, even on a name collision
        try {
            ns.exec("ip", "link", "set", "lo", "up");
        } catch (RuntimeException | InterruptedException e) {
            ns.close();
            throw e;
        }
        return ns;
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

    /** Runs a command in the host namespace (e.g. {@code ip netns list}) and returns its stdout; throws when it fails. */
    public static String host(String... argv) throws InterruptedException {
        Command c = Command.of(argv);
        CommandResult r = HOST.run(c, COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new CommandFailedException(c, r);
        }
        return r.stdout();
    }

    /** The name under {@code /run/netns}. */
    public String name() {
        return name;
    }

    public Path path() {
        return NetnsRunner.resolve(name);
    }

    /** This side's veth interface; only a side of a {@link NetnsPair} has one. */
    public String iface() {
        return veth().iface();
    }

    /** This side's IPv4 address on the veth, without prefix, e.g. {@code 198.51.100.1}. */
    public String ipv4() {
        return veth().ipv4();
    }

    /** This side's IPv6 address on the veth, without prefix, e.g. {@code 2001:db8::1}. */
    public String ipv6() {
        return veth().ipv6();
    }

    /** A runner whose commands run inside this namespace. */
    public NetnsRunner runner() {
        return runner;
    }

    /**
     * An executor that applies plans inside this namespace as the agent does, with a 5 s deadline per command:
     * {@code nft} through libnftables on a thread in the namespace when it loads, everything else through
     * {@link #runner()}. What tests read back with {@link #exec} stays the binaries' own view.
     */
    public PlanExecutor executor() {
        return new PlanExecutor(agentRunner(), Duration.ofSeconds(5));
    }

    /** The agent's runner for this namespace (see {@link #executor()}). */
    public synchronized CommandRunner agentRunner() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (agentRunner == null) {
            try {
                agentRunner = NftLoader.load(runner, Optional.of(path()), Optional.empty()).runner();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading libnftables for " + name, e);
            }
        }
        return agentRunner;
    }

    /** Runs a command in this namespace and returns its standard output; throws when it fails. */
    public String exec(String... argv) throws InterruptedException {
        return exec(Command.of(argv));
    }

    /** Runs a command (with its stdin, e.g. {@code nft -f -}) in this namespace; throws when it fails. */
    public String exec(Command command) throws InterruptedException {
        return exec(command, COMMAND_TIMEOUT);
    }

    /** As {@link #exec(Command)} with its own deadline (a JVM or a long ping in an emulated guest). */
    public String exec(Command command, Duration timeout) throws InterruptedException {
        CommandResult r = runner.run(command, timeout);
        if (!r.ok()) {
            throw new CommandFailedException(runner.wrap(command), r);
        }
        return r.stdout();
    }

    /** Runs a command in this namespace and returns how it ended, failed or not. */
    public CommandResult run(String... argv) throws InterruptedException {
        return run(COMMAND_TIMEOUT, argv);
    }

    /** As {@link #run(String...)} with its own deadline. */
    public CommandResult run(Duration timeout, String... argv) throws InterruptedException {
        return runner.run(Command.of(argv), timeout);
    }

    /**
     * The argv that runs {@code command} in this namespace as a process the test starts and owns itself (a server,
     * an agent): {@code ip netns exec NAME command...}, which execs the command, so the process is the command.
     */
    public List<String> inside(String... command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(command));
        return argv;
    }

    /** Set once by {@link NetnsPair} when it has put this side's veth end here. */
    void attach(Veth end) {
        this.veth = Objects.requireNonNull(end, "end");
    }

    private Veth veth() {
        Veth v = veth;
        if (v == null) {
            throw new IllegalStateException(name + " is not a side of a NetnsPair: it has no veth end");
        }
        return v;
    }

    /**
     * Kills what still runs in the namespace and deletes it; safe to call twice and after a failed setup. Throws,
     * naming the command and its stderr, when the namespace exists but cannot be deleted.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(this);
        if (agentRunner instanceof NftRunner nft) {
            nft.close(); // its thread is in the namespace: it would keep the namespace alive
        }
        try {
            killProcesses();
            Command del = Command.of("ip", "netns", "del", name);
            CommandResult r = HOST.run(del, COMMAND_TIMEOUT);
            if (!r.ok() && Files.exists(path())) {
                throw new CommandFailedException(del, r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting namespace " + name, e);
        }
    }

    private void killProcesses() throws InterruptedException {
        CommandResult pids = HOST.run(Command.of("ip", "netns", "pids", name), COMMAND_TIMEOUT);
        for (String pid : pids.stdout().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private void deleteQuietly() {
        try {
            killProcesses();
            HOST.run(Command.of("ip", "netns", "del", name), COMMAND_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        Veth v = veth;
        return v == null ? name : name + " (" + v.iface() + " " + v.ipv4() + " " + v.ipv6() + ")";
    }

    /** A pair side's veth end and its addresses (without prefix length). */
    record Veth(String iface, String ipv4, String ipv6) {
        Veth {
            Objects.requireNonNull(iface, "iface");
            Objects.requireNonNull(ipv4, "ipv4");
            Objects.requireNonNull(ipv6, "ipv6");
        }
    }
}
