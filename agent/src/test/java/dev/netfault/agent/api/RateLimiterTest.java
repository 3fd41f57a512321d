package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(RateLimit.parse("1/5s"), now::get);

    @Test
    void allow_onePerFiveSecondsPerRoutePerClient() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");
        assertThat(limiter.allow(a, "/fault/v1/network-latency/start")).isTrue();
        assertThat(limiter.allow(a, "/api/x/fault/v1/network-latency/start")).isFalse();
        assertThat(limiter.allow(a, "/fault/v1/network-latency/stop")).isTrue();
        assertThat(limiter.allow(b, "/fault/v1/network-latency/start")).isTrue();
        assertThat(limiter.allow(a, "/faults")).isTrue();
        assertThat(limiter.allow(a, "/faults")).isTrue();
        now.addAndGet(Duration.ofMillis(4900).toNanos());
        assertThat(limiter.allow(a, "/fault/v1/network-latency/start")).isFalse();
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limiter.allow(a, "/fault/v1/network-latency/start")).isTrue();
    }

    @Test
    void parse_formsAndErrors() {
        assertThat(RateLimit.parse("1/5s")).isEqualTo(new RateLimit(1, Duration.ofSeconds(5)));
        assertThat(RateLimit.parse("10/1m")).isEqualTo(new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("2/500ms")).isEqualTo(new RateLimit(2, Duration.ofMillis(500)));
        assertThatThrownBy(() -> RateLimit.parse("five")).hasMessage(
                "rate-limit: 'five' (expected: N/PERIOD such as 1/5s, 10/1m, 2/500ms)");
        assertThatThrownBy(() -> RateLimit.parse("0/5s")).hasMessage("rate-limit: 0 requests (expected: at least 1)");
    }
}
