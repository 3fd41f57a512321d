package dev.netfault.agent.api;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code --rate-limit N/PERIOD}: at most {@code requests} fault requests per {@code period}, counted per route and per
 * client address, as the ECS agent limits its fault endpoints (one per 5 s: {@code 1/5s}).
 */
public record RateLimit(int requests, Duration period) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})/(\\d{1,6})(ms|s|m|h)?");

    public RateLimit {
        if (requests < 1) {
            throw new IllegalArgumentException("rate-limit: " + requests + " requests (expected: at least 1)");
        }
        if (period.toMillis() < 1 || period.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("rate-limit: period " + period + " (expected: 1ms-24h)");
        }
    }

    /** {@code 1/5s}, {@code 10/1m}, {@code 2/500ms}; a bare number is seconds. */
    public static RateLimit parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("rate-limit: '" + text + "' (expected: N/PERIOD such as 1/5s, 10/1m, 2/500ms)");
        }
        long n = Long.parseLong(m.group(2));
        String unit = m.group(3) == null ? "s" : m.group(3);
        Duration p = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        return new RateLimit(Integer.parseInt(m.group(1)), p);
    }

    @Override
    public String toString() {
        return requests + "/" + period.toMillis() + "ms";
    }

    /** picocli converter for {@code --rate-limit}. */
    public static final class Converter implements CommandLine.ITypeConverter<RateLimit> {
        @Override
        public RateLimit convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
