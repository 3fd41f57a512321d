package dev.netfault.bridge.kernel;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs kernel commands for the readers, the probe and the sweeper, and words their failures the way the kernel did.
 */
final class Attempt {

    static final String NEEDS_ROOT = "needs root / CAP_NET_ADMIN";

    private final CommandRunner runner;
    private final Duration timeout;

    Attempt(CommandRunner runner, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    CommandRunner runner() {
        return runner;
    }

    Duration timeout() {
        return timeout;
    }

    Attempt on(CommandRunner other) {
        return new Attempt(other, timeout);
    }

    CommandResult run(Command command) throws InterruptedException {
        return runner.run(command, timeout);
    }

    /** Runs the command and returns its standard output, or throws {@link CommandFailedException}. */
    String stdout(Command command) throws InterruptedException {
        CommandResult r = run(command);
        if (!r.ok()) {
            throw new CommandFailedException(command, r);
        }
        return r.stdout();
    }

    /**
     * Why a command failed, in the kernel's own words: {@code "tc not found on PATH"}, {@code "needs root /
     * CAP_NET_ADMIN (RTNETLINK answers: Operation not permitted)"} or the tool's message without its usage hints.
     */
    static String why(Command command, CommandResult result) {
        if (result.exitCode() == 127) {
            return command.program() + " not found on PATH";
        }
        if (result.exitCode() == CommandResult.TIMED_OUT) {
            return "'" + command.line() + "' timed out";
        }
        String words = words(result.stderr().isBlank() ? result.stdout() : result.stderr());
        if (isPermission(words)) {
            return NEEDS_ROOT + " (" + words + ")";
        }
        return words.isEmpty() ? "'" + command.line() + "' failed (exit " + result.exitCode() + ")" : words;
    }

    static boolean isPermission(String text) {
        return text.contains("Operation not permitted") || text.contains("Permission denied")
                || text.contains("you must be root");
    }

    private static String words(String text) {
        return Arrays.stream(text.split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Try `") && !l.startsWith("Error occurred at line"))
                .collect(Collectors.joining(" / "));
    }
}
