package dev.netfault.bridge.exec;

import dev.netfault.bridge.plan.Command;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs kernel commands for the state readers, the capability probe and the sweeper, with one timeout, and words
 * their failures the way the kernel did.
 */
public final class Attempt {

    public static final String NEEDS_ROOT = "needs root / CAP_NET_ADMIN";

    private final CommandRunner runner;
    private final Duration timeout;

    public Attempt(CommandRunner runner, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public CommandRunner runner() {
        return runner;
    }

    public Duration timeout() {
        return timeout;
    }

    public Attempt on(CommandRunner other) {
        return new Attempt(other, timeout);
    }

    public CommandResult run(Command command) throws InterruptedException {
        return runner.run(command, timeout);
    }

    /** Runs the command and returns its standard output, or throws {@link CommandFailedException}. */
    public String stdout(Command command) throws InterruptedException {
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
    public static String why(Command command, CommandResult result) {
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

    public static boolean isPermission(String text) {
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
