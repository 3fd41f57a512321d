package dev.netfault.agent.api;

import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Cidr;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP API serves: where it listens, the bearer token (required off loopback), the operator's extra
 * exemptions added to every fault, the body size limit, the per-request deadline and the blocking worker count.
 *
 * <p>{@code ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 51680))}
 */
public record ApiConfig(InetSocketAddress listen, Optional<String> token, List<Cidr> exemptions, int maxBodyBytes,
                        Duration requestDeadline, int workers) {

    /** {@code 127.0.0.1:51680}: loopback, on the control port every plan exempts; a constant for picocli defaults. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:" + PlanContext.DEFAULT_CONTROL_PORT;
    /** 1 MiB: room for 10,000 Sources in one request (the ECS agent sets no limit). */
    public static final int DEFAULT_MAX_BODY = 1024 * 1024;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    /**
     * Blocking workers: enough that the starts and stops queued behind the namespace lock are committed as one group
     * and that status calls (which do not take the lock) run beside a change; idle ones exit after 30 s.
     */
    public static final int DEFAULT_WORKERS = 16;

    public ApiConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        exemptions = List.copyOf(exemptions);
        Objects.requireNonNull(requestDeadline, "requestDeadline");
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: 1024-16777216)");
        }
        if (requestDeadline.isNegative() || requestDeadline.isZero()) {
            throw new IllegalArgumentException("requestDeadline: " + requestDeadline + " (expected: positive)");
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: 1-64)");
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("token: '' (expected: a non-empty bearer token)");
        }
    }

    public static ApiConfig defaults(InetSocketAddress listen) {
        return new ApiConfig(listen, Optional.empty(), List.of(), DEFAULT_MAX_BODY, DEFAULT_DEADLINE, DEFAULT_WORKERS);
    }

    public ApiConfig withToken(String t) {
        return new ApiConfig(listen, Optional.of(t), exemptions, maxBodyBytes, requestDeadline, workers);
    }

    public ApiConfig withExemptions(List<Cidr> e) {
        return new ApiConfig(listen, token, e, maxBodyBytes, requestDeadline, workers);
    }

    public ApiConfig withDeadline(Duration d) {
        return new ApiConfig(listen, token, exemptions, maxBodyBytes, d, workers);
    }
}
