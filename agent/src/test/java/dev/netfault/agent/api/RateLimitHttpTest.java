package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.RateLimitedException;
import dev.netfault.agent.telemetry.FaultMetrics;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RateLimitHttpTest {

    private static final String BODY = "{\"LossPercent\":10,\"Sources\":[\"198.51.100.2\"]}";

    @Test
    void rateLimit_secondRequestOnARouteGets429TextLikeTheEcsAgent() throws Exception {
        FakeFaultService faults = new FakeFaultService();
        try (AgentServer server = new AgentServer(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), faults,
                new FaultMetrics()).withRateLimit(RateLimit.parse("1/5s"))) {
            InetSocketAddress a = server.start();
            var first = TestHttp.post(a, "/fault/v1/network-packet-loss/start", BODY);
            var second = TestHttp.post(a, "/api/task/fault/v1/network-packet-loss/start", BODY);
            var otherRoute = TestHttp.post(a, "/fault/v1/network-packet-loss/status", "");
            var listing = TestHttp.request(a, "GET", "/faults", null, java.util.Map.of());

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.body()).isEqualTo("You have reached maximum request limit");
            assertThat(second.headers().get("content-type")).startsWith("text/plain");
            assertThat(otherRoute.status()).isEqualTo(200);
            assertThat(listing.status()).isEqualTo(200);
            assertThat(faults.started).hasSize(1);
        }
    }

    @Test
    void toResponse_rateLimitedIs429Text() {
        ApiResponse r = ErrorTable.toResponse("start network-latency", new RateLimitedException("x"));
        assertThat(r.status().code()).isEqualTo(429);
        assertThat(r.bodyText()).isEqualTo(RateLimitedException.ECS_MESSAGE);
    }
}
