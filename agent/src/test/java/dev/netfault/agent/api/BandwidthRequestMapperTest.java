package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The network-bandwidth start body: Go-style decoding, then the agent's checks, each naming field, value and expectation. */
class BandwidthRequestMapperTest {

    private static final BandwidthRequestMapper MAPPER = new BandwidthRequestMapper(List.of(Cidr.parse("198.51.100.254")));

    private static FaultRequest map(String json) {
        return MAPPER.map(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String json) {
        try {
            map(json);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void map_rateAlone_isEveryAddressEgressWithTheAutomaticBurst() {
        FaultRequest r = map("{\"RateKilobitsPerSecond\":2000}");

        assertThat(r.spec()).isEqualTo(new BandwidthSpec(2000, 0, new Targeting(List.of(),
                List.of(Cidr.parse("198.51.100.254")), Optional.empty(), 100, Direction.EGRESS)));
        assertThat(r.duration()).isEmpty();
        assertThat(r.hostnames()).isEmpty();
    }

    @Test
    void map_everyField() {
        FaultRequest r = map("{\"RateKilobitsPerSecond\":500,\"BurstKilobytes\":64,\"Sources\":[\"198.51.100.2\",\"2001:db8::/64\"],"
                + "\"SourcesToFilter\":[\"198.51.100.9\"],\"Ports\":[5201,9001],\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\","
                + "\"Interface\":\"eth0\",\"DurationSeconds\":30,\"FlowsPercent\":100}");

        BandwidthSpec s = (BandwidthSpec) r.spec();
        assertThat(s.rateKbit()).isEqualTo(500);
        assertThat(s.burstKbytes()).isEqualTo(64);
        Targeting t = s.targeting();
        assertThat(t.sources()).containsExactly(Cidr.parse("198.51.100.2"), Cidr.parse("2001:db8::/64"));
        assertThat(t.exemptions()).containsExactly(Cidr.parse("198.51.100.9"), Cidr.parse("198.51.100.254"));
        assertThat(t.ports()).containsExactly(5201, 9001);
        assertThat(t.protocol()).contains(Protocol.TCP);
        assertThat(t.direction()).isEqualTo(Direction.INGRESS);
        assertThat(t.iface()).contains(InterfaceName.of("eth0"));
        assertThat(r.duration()).contains(Duration.ofSeconds(30));
    }

    @Test
    void map_hostnameSources_areResolvedLikeLatencys() {
        FaultRequest r = map("{\"RateKilobitsPerSecond\":2000,\"Sources\":[\"db.example\",\"198.51.100.2\"]}");

        assertThat(r.hostnames()).extracting(Object::toString).containsExactly("db.example");
        assertThat(r.spec().targeting().sources()).containsExactly(Cidr.parse("198.51.100.2"));
        assertThatThrownBy(() -> new BandwidthRequestMapper(List.of(), false).map(
                "{\"RateKilobitsPerSecond\":2000,\"Sources\":[\"db.example\"]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid value db.example for parameter Sources");
    }

    @Test
    void map_badValues_nameFieldValueAndExpectation() {
        assertThat(error("{}")).isEqualTo("required parameter RateKilobitsPerSecond is missing");
        assertThat(error("{\"RateKilobitsPerSecond\":0}")).isEqualTo("RateKilobitsPerSecond: 0 (expected: 8-10000000)");
        assertThat(error("{\"RateKilobitsPerSecond\":7}")).isEqualTo("RateKilobitsPerSecond: 7 (expected: 8-10000000)");
        assertThat(error("{\"RateKilobitsPerSecond\":10000001}"))
                .isEqualTo("RateKilobitsPerSecond: 10000001 (expected: 8-10000000)");
        assertThat(error("{\"RateKilobitsPerSecond\":18446744073709551615}"))
                .isEqualTo("RateKilobitsPerSecond: 18446744073709551615 (expected: 8-10000000)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"BurstKilobytes\":0}"))
                .isEqualTo("BurstKilobytes: 0 (expected: 1-1000000, or omitted for a burst the rate needs)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"BurstKilobytes\":1000001}"))
                .isEqualTo("BurstKilobytes: 1000001 (expected: 1-1000000, or omitted for a burst the rate needs)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"FlowsPercent\":50}")).isEqualTo("invalid value 50 for parameter"
                + " FlowsPercent (expected: 100 for a bandwidth limit; it shapes all the traffic it targets)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"TrafficType\":\"sideways\"}"))
                .isEqualTo("invalid value sideways for parameter TrafficType (expected: egress or ingress)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"Sources\":[\"198.51.100.300\"]}"))
                .isEqualTo("invalid value 198.51.100.300 for parameter Sources");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"SourcesToFilter\":[\"x y\"]}"))
                .isEqualTo("invalid value x y for parameter SourcesToFilter");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"Ports\":[0]}"))
                .isEqualTo("invalid value 0 for parameter Ports (expected: 1-65535)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"Protocol\":\"icmp\"}"))
                .isEqualTo("invalid value icmp for parameter Protocol (expected: tcp or udp)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"DurationSeconds\":0}"))
                .isEqualTo("invalid value 0 for parameter DurationSeconds (expected: 1-43200)");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"Interface\":\"no such name\"}")).startsWith(
                "invalid value no such name for parameter Interface (expected: a Linux interface name");
    }

    @Test
    void map_wrongJsonTypes_areGoUnmarshalErrors() {
        assertThat(error("{\"RateKilobitsPerSecond\":\"2mbit\"}")).isEqualTo(
                "json: cannot unmarshal string into Go struct field NetworkBandwidthRequest.RateKilobitsPerSecond of type uint64");
        assertThat(error("{\"RateKilobitsPerSecond\":-1}")).isEqualTo(
                "json: cannot unmarshal number -1 into Go struct field NetworkBandwidthRequest.RateKilobitsPerSecond of type uint64");
        assertThat(error("{\"RateKilobitsPerSecond\":2000.5}")).isEqualTo(
                "json: cannot unmarshal number 2000.5 into Go struct field NetworkBandwidthRequest.RateKilobitsPerSecond of type uint64");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"BurstKilobytes\":true}")).isEqualTo(
                "json: cannot unmarshal bool into Go struct field NetworkBandwidthRequest.BurstKilobytes of type uint64");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"Sources\":\"198.51.100.2\"}")).isEqualTo(
                "json: cannot unmarshal string into Go struct field NetworkBandwidthRequest.Sources of type []*string");
        assertThat(error("{\"RateKilobitsPerSecond\":2000,\"Ports\":5201}")).isEqualTo(
                "json: cannot unmarshal number into Go struct field NetworkBandwidthRequest.Ports of type []int");
        assertThat(error("[1]")).startsWith("json: cannot unmarshal array into Go value of type");
    }
}
