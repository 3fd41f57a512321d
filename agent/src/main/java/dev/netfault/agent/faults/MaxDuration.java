package dev.netfault.agent.faults;

import java.time.Duration;

/**
 * The longest a fault may last: 12 h, the ECS agent's {@code DurationSeconds} limit. The lifecycle, the API's field
 * check and the CLI options all read it from here; the {@code String} form is a compile-time constant, so picocli
 * can take it as a {@code defaultValue}: {@code @Option(names = "--max-duration", defaultValue = MaxDuration.TEXT)}.
 */
public final class MaxDuration {

    public static final long SECONDS = 43_200;
    public static final Duration VALUE = Duration.ofSeconds(SECONDS);
    /** {@code "12h"}, as {@code --max-duration} and the error messages spell it. */
    public static final String TEXT = SECONDS / 3600 + "h";

    private MaxDuration() {
    }
}
