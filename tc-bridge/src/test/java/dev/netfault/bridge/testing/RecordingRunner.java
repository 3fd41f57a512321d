package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A fake {@link CommandRunner} for unit tests: records every command and answers with a scripted result
 * (exit 0 and empty output unless a rule says otherwise).
 */
public final class RecordingRunner implements CommandRunner {

    private final List<Command> commands = new ArrayList<>();
    private final List<Function<Command, CommandResult>> rules = new ArrayList<>();

    /** Answers commands whose argv line contains {@code fragment} with the given result (first matching rule wins). */
    public RecordingRunner when(String fragment, CommandResult result) {
        rules.add(c -> c.line().contains(fragment) ? result : null);
        return this;
    }

    public RecordingRunner when(Function<Command, CommandResult> rule) {
        rules.add(rule);
        return this;
    }

    @Override
    public synchronized CommandResult run(Command command, Duration timeout) {
        commands.add(command);
        for (Function<Command, CommandResult> rule : rules) {
            CommandResult r = rule.apply(command);
            if (r != null) {
                return r;
            }
        }
        return new CommandResult(0, "", "");
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** Every command's argv line, in order: what tests assert with {@code containsExactly}. */
    public synchronized List<String> lines() {
        return commands.stream().map(Command::line).toList();
    }
}
