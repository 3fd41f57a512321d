package dev.netfault.bridge.exec;

import dev.netfault.bridge.plan.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs every command inside another network namespace: {@code nsenter --net=PATH argv...}. With no path it runs in the
 * caller's own namespace (the sidecar case, where the agent already shares the application's namespace).
 */
public final class NetnsRunner implements CommandRunner {

    private final CommandRunner delegate;
    private final Optional<Path> netns;

    public NetnsRunner(CommandRunner delegate, Optional<Path> netns) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.netns = Objects.requireNonNull(netns, "netns");
    }

    /** A namespace path, or a name under {@code /run/netns}. */
    public static Path resolve(String pathOrName) {
        if (pathOrName.contains("/")) {
            return Path.of(pathOrName);
        }
        if (!pathOrName.matches("[A-Za-z0-9_.-]{1,64}") || pathOrName.startsWith(".")) {
            throw new IllegalArgumentException("netns: '" + pathOrName + "' (expected: a path or a name under /run/netns)");
        }
        return Path.of("/run/netns", pathOrName);
    }

    public Optional<Path> netns() {
        return netns;
    }

    public Command wrap(Command command) {
        return netns.map(p -> command.prefixed(List.of("nsenter", "--net=" + p))).orElse(command);
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws InterruptedException {
        return delegate.run(wrap(command), timeout);
    }
}
