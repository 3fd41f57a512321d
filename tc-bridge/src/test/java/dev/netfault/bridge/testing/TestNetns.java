package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * A network namespace a privileged test creates ({@code <prefix><6 hex>}) and deletes in {@link #close()}, with a
 * runner that enters it. {@code try (TestNetns ns = TestNetns.create("nfkr")) { ns.sh("ip", "link", ...); }}
 */
public final class TestNetns implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ProcessCommandRunner HOST = new ProcessCommandRunner();

    private final String name;
    private final NetnsRunner runner;

    private TestNetns(String name) {
        this.name = name;
        this.runner = new NetnsRunner(HOST, Optional.of(Path.of("/run/netns", name)));
    }

    public static TestNetns create(String prefix) throws InterruptedException {
        String name = prefix + String.format("%06x", RANDOM.nextInt(1 << 24));
        host("ip", "netns", "add", name);
        TestNetns ns = new TestNetns(name);
        ns.run("ip", "link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    public NetnsRunner runner() {
        return runner;
    }

    /** Runs a command in the namespace and returns its stdout; fails the test when it fails. */
    public String run(String... argv) throws InterruptedException {
        return check(Command.of(argv), runner.run(Command.of(argv), Duration.ofSeconds(10)));
    }

    public String runWithStdin(String stdin, String... argv) throws InterruptedException {
        Command c = Command.of(argv).withStdin(stdin);
        return check(c, runner.run(c, Duration.ofSeconds(10)));
    }

    /** Runs a command in the host namespace (only for {@code ip netns} and {@code ip link ... netns} moves). */
    public static String host(String... argv) throws InterruptedException {
        return check(Command.of(argv), HOST.run(Command.of(argv), Duration.ofSeconds(10)));
    }

    private static String check(Command c, CommandResult r) {
        if (!r.ok()) {
            throw new IllegalStateException("'" + c.line() + "' failed (exit " + r.exitCode() + "): " + r.stderr());
        }
        return r.stdout();
    }

    /** Deletes the namespace; an interrupt is kept for the caller (the flag is restored), never swallowed. */
    @Override
    public void close() {
        try {
            HOST.run(Command.of("ip", "netns", "del", name), Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting namespace " + name, e);
        }
    }
}
