package dev.netfault.agent.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations as people type them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}. Strict: one whole number and one
 * unit ({@code 1.5s}, {@code 200}, {@code 1h30m} are refused with a message saying what is expected). Positive by
 * default; {@link NonNegative} also takes zero (a latency's {@code --delay 0ms} with a jitter).
 */
public final class HumanDuration implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    /** A positive duration, or {@link IllegalArgumentException} naming the text and the accepted forms. */
    public static Duration parse(String text) {
        Duration d = parseNonNegative(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("duration: '" + text
                    + "' (expected: a positive number with ms, s, m or h, such as 250ms, 30s, 5m or 2h)");
        }
        return d;
    }

    /** A duration that may be zero. */
    public static Duration parseNonNegative(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("duration: '" + text
                    + "' (expected: a positive number with ms, s, m or h, such as 250ms, 30s, 5m or 2h)");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            default: return Duration.ofHours(n);
        }
    }

    /** How a duration is shown back: the largest unit that divides it ({@code 90s} stays {@code 90s}, 120 s is {@code 2m}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** The converter for options where zero means "none", such as {@code --delay} and {@code --jitter}. */
    public static final class NonNegative implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parseNonNegative(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
