package dev.netfault.agent.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits between attempts against a rate-limited platform: {@code first}, doubling up to {@code max}; a Retry-After
 * the platform sent is honoured instead (up to 30 s).
 *
 * <p>{@code new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5))} waits 0.5, 1, 2, 4, 5, 5, ... s.
 */
public record Backoff(Duration first, Duration max) {

    /** The longest Retry-After honoured as sent; longer ones are shortened to this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff: " + first + ".." + max + " (expected: 0 < first <= max)");
        }
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delay(int attempt, Optional<Duration> retryAfter) {
        Duration d = first;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        if (d.compareTo(max) > 0) {
            d = max;
        }
        return retryAfter.filter(r -> !r.isNegative() && !r.isZero())
                .map(r -> r.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : r)
                .orElse(d);
    }
}
