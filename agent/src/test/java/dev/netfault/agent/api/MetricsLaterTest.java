package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.telemetry.FaultMetrics;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code serve} binds while its metrics are still being built: /healthz answers at once, /metrics once they exist. */
class MetricsLaterTest {

    @Test
    void healthzAnswersBeforeTheMetricsExist_metricsWaitsForThem() throws Exception {
        CompletableFuture<FaultMetrics> built = new CompletableFuture<>();
        var executor = Executors.newSingleThreadExecutor();
        try (AgentServer server = new AgentServer(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
                new FakeFaultService(), built::join)) {
            InetSocketAddress address = server.start();

            assertThat(TestHttp.request(address, "GET", "/healthz", null, java.util.Map.of()).status()).isEqualTo(200);
            Future<TestHttp.Response> scrape = executor.submit(() -> TestHttp.request(address, "GET", "/metrics", null, java.util.Map.of()));
            Thread.sleep(200);
            assertThat(scrape).isNotDone();
            built.complete(new FaultMetrics());
            TestHttp.Response metrics = scrape.get(10, TimeUnit.SECONDS);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("netfault_faults_active{kind=\"latency\"} 0.0");
        } finally {
            executor.shutdownNow();
        }
    }
}
