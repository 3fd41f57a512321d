package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.telemetry.FaultMetrics;
import dev.netfault.agent.telemetry.PrometheusText;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's own routes over loopback: GET/DELETE /faults, /healthz, /metrics. */
class AgentRoutesTest extends ServerFixture {

    @Test
    void getFaults_listsEveryFaultWithKernelView() throws Exception {
        TestHttp.post(address, "/fault/v1/network-latency/start", LATENCY);
        TestHttp.post(address, "/fault/v1/network-blackhole-port/start", BLACKHOLE);

        var r = TestHttp.request(address, "GET", "/faults", null, Map.of());

        assertThat(r.status()).isEqualTo(200);
        JsonNode list = MAPPER.readTree(r.body());
        assertThat(list).hasSize(2);
        JsonNode lat = list.get(0);
        assertThat(lat.get("id").asText()).isEqualTo("00000001");
        assertThat(lat.get("type").asText()).isEqualTo("latency");
        assertThat(lat.get("startedAt").asText()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(lat.get("expiresAt").asText()).isEqualTo("2026-11-27T00:00:00Z");
        assertThat(lat.get("mechanism").asText()).isEqualTo("netem");
        assertThat(lat.get("interfaces").toString()).isEqualTo("[\"eth0\"]");
        assertThat(lat.get("present").asBoolean()).isTrue();
        assertThat(lat.get("counters").toString()).isEqualTo("{\"packetsDelayed\":42}");
        assertThat(lat.get("parameters").toString()).isEqualTo("{\"DelayMilliseconds\":100,\"JitterMilliseconds\":10,"
                + "\"TrafficType\":\"egress\",\"Sources\":[\"198.51.100.0/24\"],\"SourcesToFilter\":[],\"FlowsPercent\":100}");
        JsonNode bh = list.get(1);
        assertThat(bh.get("key").asText()).isEqualTo("blackhole:egress-tcp-443");
        assertThat(bh.get("parameters").toString()).isEqualTo("{\"Port\":443,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\","
                + "\"Sources\":[],\"SourcesToFilter\":[]}");
        assertThat(bh.get("counters").toString()).isEqualTo("{\"packetsDropped\":84}");
        assertThat(lat.get("lease").toString()).isEqualTo("{\"leased\":true,\"expiresAt\":\"2026-11-26T12:00:15Z\"}");
    }

    @Test
    void unleasedFault_startSaysWhyAndTheListingToo() throws Exception {
        faults.unleased = "no nftables egress hook here";

        var start = TestHttp.post(address, "/fault/v1/network-blackhole-port/start", BLACKHOLE);

        assertThat(start.status()).isEqualTo(200);
        assertThat(MAPPER.readTree(start.body())).isEqualTo(MAPPER.readTree(
                "{\"Status\":\"running\",\"Unleased\":\"no nftables egress hook here\"}"));
        JsonNode listed = MAPPER.readTree(TestHttp.request(address, "GET", "/faults", null, Map.of()).body());
        assertThat(listed.get(0).get("lease").toString())
                .isEqualTo("{\"leased\":false,\"reason\":\"no nftables egress hook here\"}");
    }

    @Test
    void deleteFaults_killSwitchReturnsWhatStopped() throws Exception {
        TestHttp.post(address, "/fault/v1/network-blackhole-port/start", BLACKHOLE);

        var r = TestHttp.request(address, "DELETE", "/faults", null, Map.of());

        assertThat(r.status()).isEqualTo(200);
        JsonNode list = MAPPER.readTree(r.body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("key").asText()).isEqualTo("blackhole:egress-tcp-443");
        assertThat(TestHttp.request(address, "GET", "/faults", null, Map.of()).body()).isEqualTo("[]");
    }

    @Test
    void metrics_prometheusTextWithEventCountersAndKernelCounters() throws Exception {
        FaultMetrics metrics = new FaultMetrics();
        faults = new FakeFaultService(metrics);
        server.close();
        server = new AgentServer(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), faults, metrics);
        address = server.start();
        TestHttp.post(address, "/fault/v1/network-blackhole-port/start", BLACKHOLE);
        TestHttp.post(address, "/fault/v1/network-latency/start", LATENCY);
        TestHttp.post(address, "/fault/v1/network-latency/stop", null);

        var r = TestHttp.request(address, "GET", "/metrics", null, Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("content-type", "text/plain; version=0.0.4; charset=utf-8");
        var families = PrometheusText.parse(r.body());
        assertThat(families.get("netfault_faults_active").value("netfault_faults_active", Map.of("kind", "blackhole")))
                .isEqualTo(1.0);
        assertThat(families.get("netfault_faults_active").value("netfault_faults_active", Map.of("kind", "latency")))
                .isEqualTo(0.0);
        assertThat(families.get("netfault_fault_starts_total").value("netfault_fault_starts_total", Map.of("kind", "latency")))
                .isEqualTo(1.0);
        assertThat(families.get("netfault_fault_stops_total").value("netfault_fault_stops_total",
                Map.of("kind", "latency", "reason", "stopped"))).isEqualTo(1.0);
        assertThat(families.get("netfault_kernel_packets_total").value("netfault_kernel_packets_total",
                Map.of("counter", "packetsDropped", "id", "00000001", "kind", "blackhole"))).isEqualTo(42.0);
    }

    @Test
    void healthz_modeAndPerKindSupport() throws Exception {
        var r = TestHttp.request(address, "GET", "/healthz", null, Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"serving\",\"probe\":\"done\",\"mode\":\"kernel\","
                + "\"modeReason\":\"NET_ADMIN present\",\"faults\":{\"blackhole\":{\"supported\":true,\"mechanism\":\"iptables\","
                + "\"leased\":false,\"unleasedReason\":\"no lease without nftables\"},"
                + "\"latency\":{\"supported\":false,\"reason\":\"latency needs sch_netem, which this kernel lacks\"},"
                + "\"loss\":{\"supported\":true,\"mechanism\":\"nftables\",\"leased\":true}},"
                + "\"lease\":\"3000 ms lease, renewed every 1000 ms\"}");
    }

    @Test
    void healthz_whileTheProbeRuns_startingWithTheModeAndNoKinds() {
        String body = new String(Json.write(FaultJson.health(Health.starting("kernel", "NET_ADMIN present"))),
                StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"status\":\"starting\",\"probe\":\"running\",\"mode\":\"kernel\","
                + "\"modeReason\":\"NET_ADMIN present\",\"faults\":{}}");
    }
}
