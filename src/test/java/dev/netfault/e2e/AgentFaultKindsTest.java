package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** More lifecycle rules through the real agent: ingress blackholes, and latency-or-loss exclusivity (409). */
@Tag("privileged")
class AgentFaultKindsTest {

    static final String LOSS = "/fault/v1/network-packet-loss/";

    @TempDir
    Path tmp;

    @Test
    void blackhole_ingressBeforeApplicationAcceptBlocksPeerUntilStopped() throws Exception {
        // the application accepts 9090 early in INPUT: the fault's jump at position 1 must still see the packets
        try (AgentFixture f = new AgentFixture(tmp, 9090);
             TrafficProcess local = TrafficClient.in(f.a()).tcpServer(9090)) {
            String body = "{\"Port\":9090,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"}";
            AgentClient.Response start = f.client.post("/fault/v1/network-blackhole-port/start", body);
            assertThat(start.status()).as(start.body()).isEqualTo(200);

            ConnectStats blocked = TrafficClient.in(f.pair.b()).tcpConnect(NetnsPair.A_IPV4, 9090, 300, 3);
            System.out.println("e2e ingress blackhole active: " + blocked.summary());
            assertThat(blocked.timeouts()).isEqualTo(3);
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).as("egress is untouched").isEqualTo(3);

            assertThat(f.client.post("/fault/v1/network-blackhole-port/stop", body).body()).isEqualTo("{\"Status\":\"stopped\"}");
            assertThat(TrafficClient.in(f.pair.b()).tcpConnect(NetnsPair.A_IPV4, 9090, 300, 3).successes()).isEqualTo(3);
            f.assertKernelAsBefore();
        }
    }

    @Test
    void loss_whileRunning_latencyAndSecondLossConflict() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            JsonNode health = AgentLifecycleTest.JSON.readTree(f.client.get("/healthz").body());
            boolean loss = health.path("faults").path("loss").path("supported").asBoolean();
            if (!loss) {
                System.out.println("SKIPPED (e2e): loss unsupported here: " + health.path("faults").path("loss"));
            }
            Assumptions.assumeTrue(loss, "loss unsupported in this namespace");

            AgentClient.Response start = f.client.post(LOSS + "start",
                    "{\"LossPercent\":20,\"Sources\":[\"198.51.100.2\"],\"DurationSeconds\":60}");
            assertThat(start.status()).as(start.body()).isEqualTo(200);

            AgentClient.Response latency = f.client.post("/fault/v1/network-latency/start",
                    "{\"DelayMilliseconds\":100,\"JitterMilliseconds\":0,\"Sources\":[\"198.51.100.2\"]}");
            AgentClient.Response again = f.client.post(LOSS + "start", "{\"LossPercent\":5,\"Sources\":[\"198.51.100.2\"]}");
            assertThat(latency.status()).isEqualTo(409);
            assertThat(latency.body()).isEqualTo("{\"Error\":\"There is already one network packet loss fault running\"}");
            assertThat(again.status()).isEqualTo(409);
            assertThat(f.client.post(LOSS + "status", "").body()).isEqualTo("{\"Status\":\"running\"}");

            assertThat(f.client.post(LOSS + "stop", "").body()).isEqualTo("{\"Status\":\"stopped\"}");
            assertThat(f.client.post(LOSS + "stop", "").body()).isEqualTo("{\"Status\":\"stopped\"}");
            f.assertKernelAsBefore();
        }
    }
}
