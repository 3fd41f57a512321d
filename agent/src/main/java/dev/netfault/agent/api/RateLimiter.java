package dev.netfault.agent.api;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Counts fault requests per (client address, route) in a token bucket of {@link RateLimit#requests()} refilled over
 * {@link RateLimit#period()}. Routes under {@code /api/<id>/} count as the bare {@code /fault/v1/...} route; the
 * agent's own routes ({@code /faults}, {@code /healthz}, {@code /metrics}) are never limited.
 */
final class RateLimiter {

    private static final Pattern PREFIX = Pattern.compile("^/api/[^/]+(?=/fault/v1/)");
    private static final int MAX_KEYS = 10_000;

    private final RateLimit limit;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Tokens left and when they were last counted. */
    private record Bucket(double tokens, long at) {
    }

    RateLimiter(RateLimit limit, LongSupplier nanos) {
        this.limit = limit;
        this.nanos = nanos;
    }

    RateLimiter(RateLimit limit) {
        this(limit, System::nanoTime);
    }

    /** True when the request may proceed (and is counted); false when it must get the 429. */
    boolean allow(InetAddress client, String path) {
        String route = PREFIX.matcher(path).replaceFirst("");
        if (!route.startsWith("/fault/v1/")) {
            return true;
        }
        if (buckets.size() > MAX_KEYS) {
            buckets.clear(); // a flood of clients: forget them rather than grow without bound
        }
        long now = nanos.getAsLong();
        double perNano = (double) limit.requests() / limit.period().toNanos();
        boolean[] allowed = new boolean[1];
        buckets.compute((client == null ? "?" : client.getHostAddress()) + " " + route, (k, b) -> {
            double tokens = b == null ? limit.requests() : Math.min(limit.requests(), b.tokens() + (now - b.at()) * perNano);
            allowed[0] = tokens >= 1;
            return new Bucket(allowed[0] ? tokens - 1 : tokens, now);
        });
        return allowed[0];
    }
}
