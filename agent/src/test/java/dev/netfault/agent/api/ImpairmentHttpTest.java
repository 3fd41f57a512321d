package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** network-impairment over loopback HTTP: its routes (and the /api/<id> prefix), 400s that apply nothing, the JSON view. */
class ImpairmentHttpTest extends ServerFixture {

    private static final String BODY = "{\"DelayMilliseconds\":50,\"DuplicatePercent\":10,\"Sources\":[\"198.51.100.7\"],"
            + "\"DurationSeconds\":60}";

    @Test
    void start_underApiPrefix_mapsTheSpec_statusStopAndList() throws Exception {
        var r = TestHttp.post(address, "/api/3f1c-task-endpoint/fault/v1/network-impairment/start", BODY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"Status\":\"running\"}");
        assertThat(faults.started).containsExactly(new ImpairmentSpec(50, 0, 0, Distribution.NONE, 0, LossModel.RANDOM, 0,
                0, 10, 0, Targeting.all().withSources(List.of(Cidr.parse("198.51.100.7/32")))));
        assertThat(faults.durations).containsExactly(Optional.of(Duration.ofSeconds(60)));
        var listed = MAPPER.readTree(TestHttp.request(address, "GET", "/faults", null, java.util.Map.of()).body()).get(0);
        assertThat(listed.path("type").asText()).isEqualTo("impairment");
        assertThat(MAPPER.writeValueAsString(listed.path("parameters"))).isEqualTo("{\"DelayMilliseconds\":50,"
                + "\"DuplicatePercent\":10,\"TrafficType\":\"egress\",\"Sources\":[\"198.51.100.7/32\"],"
                + "\"SourcesToFilter\":[],\"FlowsPercent\":100}");
        assertThat(TestHttp.post(address, "/fault/v1/network-impairment/status", null).body())
                .isEqualTo("{\"Status\":\"running\"}");
        assertThat(TestHttp.post(address, "/fault/v1/network-impairment/stop", null).body())
                .isEqualTo("{\"Status\":\"stopped\"}");
        assertThat(faults.calls).containsExactly("start impairment", "list", "running impairment", "stop impairment");
    }

    @Test
    void start_badBodies_400NamingTheFieldNothingStarted() throws Exception {
        var reorder = TestHttp.post(address, "/fault/v1/network-impairment/start",
                "{\"ReorderPercent\":10,\"Sources\":[\"198.51.100.7\"]}");
        var type = TestHttp.post(address, "/fault/v1/network-impairment/start",
                "{\"CorruptPercent\":\"1\",\"Sources\":[\"198.51.100.7\"]}");

        assertThat(reorder.status()).isEqualTo(400);
        assertThat(reorder.body()).isEqualTo("{\"Error\":\"ReorderPercent: 10 (expected: a non-zero DelayMilliseconds; "
                + "netem reorders by sending some packets without the delay)\"}");
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.body()).isEqualTo("{\"Error\":\"json: cannot unmarshal string into Go struct field "
                + "NetworkImpairmentRequest.CorruptPercent of type uint64\"}");
        assertThat(faults.started).isEmpty();
        assertThat(faults.calls).isEmpty();
    }
}
