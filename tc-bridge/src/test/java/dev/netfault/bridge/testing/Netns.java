package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One network namespace a test created ({@code /run/netns/NAME}) and its end of the veth pair. Commands run in it
 * through {@code nsenter --net=PATH}, the way the agent reaches a task's namespace.
 *
 * <p>{@code pair.a().exec("iptables", "-w", "-A", "INPUT", "-j", "ACCEPT")}
 */
public final class Netns {

    /** Deadline of every command a fixture runs. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String iface;
    private final String ipv4;
    private final String ipv6;
    private final NetnsRunner runner;

    Netns(String name, String iface, String ipv4, String ipv6) {
        this.name = Objects.requireNonNull(name, "name");
        this.iface = Objects.requireNonNull(iface, "iface");
        this.ipv4 = Objects.requireNonNull(ipv4, "ipv4");
        this.ipv6 = Objects.requireNonNull(ipv6, "ipv6");
        this.runner = new NetnsRunner(new ProcessCommandRunner(), Optional.of(path()));
    }

    /** The name under {@code /run/netns}. */
    public String name() {
        return name;
    }

    public Path path() {
        return NetnsRunner.resolve(name);
    }

    /** This side's veth interface. */
    public String iface() {
        return iface;
    }

    /** This side's IPv4 address on the veth, without prefix, e.g. {@code 198.51.100.1}. */
    public String ipv4() {
        return ipv4;
    }

    /** This side's IPv6 address on the veth, without prefix, e.g. {@code 2001:db8::1}. */
    public String ipv6() {
        return ipv6;
    }

    /** A runner whose commands run inside this namespace. */
    public NetnsRunner runner() {
        return runner;
    }

    /** An executor that applies plans inside this namespace, with a 5 s deadline per command. */
    public PlanExecutor executor() {
        return new PlanExecutor(runner, Duration.ofSeconds(5));
    }

    /** Runs a command in this namespace and returns its standard output; throws when it fails. */
    public String exec(String... argv) throws InterruptedException {
        return exec(Command.of(argv));
    }

    /** Runs a command (with its stdin, e.g. {@code nft -f -}) in this namespace; throws when it fails. */
    public String exec(Command command) throws InterruptedException {
        CommandResult r = runner.run(command, COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new CommandFailedException(runner.wrap(command), r);
        }
        return r.stdout();
    }

    /** Runs a command in this namespace and returns how it ended, failed or not. */
    public CommandResult run(String... argv) throws InterruptedException {
        return runner.run(Command.of(List.of(argv)), COMMAND_TIMEOUT);
    }

    @Override
    public String toString() {
        return name + " (" + iface + " " + ipv4 + " " + ipv6 + ")";
    }
}
