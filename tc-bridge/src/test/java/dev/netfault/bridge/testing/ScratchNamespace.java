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
 * A throw-away network namespace {@code <prefix><random>} with a veth pair {@code eth0}/{@code eth1} (up), for
 * privileged tests that feed plans to the real kernel. Close it in a finally block or {@code @AfterEach}.
 */
public final class ScratchNamespace implements AutoCloseable {

    private final String name;
    private final NetnsRunner runner;

    private ScratchNamespace(String name) {
        this.name = name;
        this.runner = new NetnsRunner(new ProcessCommandRunner(), Optional.of(Path.of("/run/netns", name)));
    }

    public static ScratchNamespace create(String prefix) throws InterruptedException {
        String name = prefix + Integer.toHexString(new SecureRandom().nextInt(0x100000) | 0x100000);
        ScratchNamespace ns = new ScratchNamespace(name);
        host("ip", "netns", "add", name);
        try {
            ns.must("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
            ns.must("ip", "link", "set", "eth0", "up");
            ns.must("ip", "link", "set", "eth1", "up");
            ns.awaitCarrier();
        } catch (RuntimeException | InterruptedException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    public NetnsRunner runner() {
        return runner;
    }

    public CommandResult run(String... argv) throws InterruptedException {
        return runner.run(Command.of(argv), Duration.ofSeconds(10));
    }

    /** Runs a command and fails unless it exits 0; returns its standard output. */
    public String must(String... argv) throws InterruptedException {
        CommandResult r = run(argv);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.stderr());
        }
        return r.stdout();
    }

    /**
     * Waits until the veth pair has carrier: a snapshot taken before would record NO-CARRIER / LOWERLAYERDOWN and
     * differ from one taken after for no fault of the plan under test.
     */
    private void awaitCarrier() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String links = "";
        while (System.nanoTime() < deadline) {
            links = must("ip", "-o", "link", "show");
            if (!links.contains("NO-CARRIER") && !links.contains("LOWERLAYERDOWN")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("veth pair in " + name + " has no carrier after 5 s: " + links);
    }

    private static void host(String... argv) throws InterruptedException {
        CommandResult r = new ProcessCommandRunner().run(Command.of(argv), Duration.ofSeconds(10));
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.stderr());
        }
    }

    @Override
    public void close() throws InterruptedException {
        host("ip", "netns", "del", name);
    }
}
