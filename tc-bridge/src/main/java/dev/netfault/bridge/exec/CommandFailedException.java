package dev.netfault.bridge.exec;

import dev.netfault.bridge.plan.Command;

/**
 * A kernel command failed. The message carries the command and the kernel's own words:
 * {@code 'tc qdisc add dev eth0 root handle 1: prio' failed (exit 2): Error: Specified qdisc kind is unknown.}
 */
public class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Command command;
    private final transient CommandResult result;

    public CommandFailedException(Command command, CommandResult result) {
        super(describe(command, result));
        this.command = command;
        this.result = result;
    }

    public Command command() {
        return command;
    }

    public CommandResult result() {
        return result;
    }

    private static String describe(Command command, CommandResult result) {
        String why = result.stderr().isBlank() ? result.stdout() : result.stderr();
        why = why.strip();
        if (why.length() > 600) {
            why = why.substring(0, 600) + "...";
        }
        String exit = result.exitCode() == CommandResult.TIMED_OUT ? "timed out" : "exit " + result.exitCode();
        return "'" + command.line() + "' failed (" + exit + ")" + (why.isEmpty() ? "" : ": " + why);
    }
}
