package dev.netfault.bridge.exec;

import dev.netfault.bridge.plan.Command;
import java.time.Duration;

/**
 * The one narrow interface through which netfault runs processes. Production code uses {@link ProcessCommandRunner}
 * (wrapped by {@link NetnsRunner} for another namespace); tests record commands and answer them.
 */
public interface CommandRunner {

    /** Runs the command to completion or kills it at {@code timeout}; never throws for a non-zero exit. */
    CommandResult run(Command command, Duration timeout) throws InterruptedException;
}
