package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Ports and Protocol extensions on latency and packet-loss bodies: Go-style decoding, then the agent's checks. */
class PortTargetingRequestTest {

    private static final LossRequestMapper LOSS = new LossRequestMapper(List.of());
    private static final LatencyRequestMapper LATENCY = new LatencyRequestMapper(List.of());

    private static Targeting loss(String extra) {
        return LOSS.map(("{\"LossPercent\":20,\"Sources\":[\"198.51.100.2\"]" + extra + "}").getBytes(StandardCharsets.UTF_8))
                .spec().targeting();
    }

    private static String lossError(String extra) {
        try {
            loss(extra);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + extra);
    }

    @Test
    void map_portsAndProtocol_narrowTheTargeting() {
        Targeting t = loss(",\"Ports\":[9001,53],\"Protocol\":\"udp\"");

        assertThat(t.ports()).containsExactly(9001, 53);
        assertThat(t.protocol()).contains(Protocol.UDP);
        assertThat(t.sources()).containsExactly(Cidr.parse("198.51.100.2"));
        LatencySpec latency = (LatencySpec) LATENCY.map(("{\"DelayMilliseconds\":100,\"JitterMilliseconds\":0,"
                + "\"Sources\":[\"198.51.100.2\"],\"ports\":[5432],\"PROTOCOL\":\"tcp\"}").getBytes(StandardCharsets.UTF_8)).spec();
        assertThat(latency.targeting().ports()).containsExactly(5432);
        assertThat(latency.targeting().protocol()).contains(Protocol.TCP);
    }

    @Test
    void map_impairment_takesPortsAndProtocolToo() {
        ImpairmentRequestMapper impairment = new ImpairmentRequestMapper(List.of());
        Targeting t = impairment.map(("{\"DelayMilliseconds\":50,\"Sources\":[\"198.51.100.2\"],\"Ports\":[5432],"
                + "\"Protocol\":\"tcp\"}").getBytes(StandardCharsets.UTF_8)).spec().targeting();
        assertThat(t.ports()).containsExactly(5432);
        assertThat(t.protocol()).contains(Protocol.TCP);
        assertThatThrownBy(() -> impairment.map("{\"DelayMilliseconds\":50,\"Sources\":[\"198.51.100.2\"],\"Ports\":[0]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("invalid value 0 for parameter Ports (expected: 1-65535)");
        assertThatThrownBy(() -> impairment.map("{\"DelayMilliseconds\":50,\"Ports\":\"5432\"}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage(
                "json: cannot unmarshal string into Go struct field NetworkImpairmentRequest.Ports of type []int");
    }

    @Test
    void map_absentNullOrEmpty_isEveryPortAndProtocol() {
        Targeting plain = loss("");
        assertThat(plain).isEqualTo(new Targeting(List.of(Cidr.parse("198.51.100.2")), List.of(), Optional.empty(), 100,
                plain.direction()));
        assertThat(loss(",\"Ports\":null,\"Protocol\":null")).isEqualTo(plain);
        assertThat(loss(",\"Ports\":[],\"Protocol\":\"\"")).isEqualTo(plain);
        assertThat(loss(",\"Protocol\":\"tcp\"").ports()).isEmpty();
        assertThat(loss(",\"Ports\":[1,65535]").protocol()).isEmpty();
    }

    @Test
    void map_wrongJsonType_isGoDecodingError() {
        assertThat(lossError(",\"Ports\":9001")).isEqualTo(
                "json: cannot unmarshal number into Go struct field NetworkPacketLossRequest.Ports of type []int");
        assertThat(lossError(",\"Ports\":[\"9001\"]")).isEqualTo(
                "json: cannot unmarshal string into Go struct field NetworkPacketLossRequest.Ports of type int");
        assertThat(lossError(",\"Ports\":[1.5]")).isEqualTo(
                "json: cannot unmarshal number 1.5 into Go struct field NetworkPacketLossRequest.Ports of type int");
        assertThat(lossError(",\"Protocol\":6")).isEqualTo(
                "json: cannot unmarshal number into Go struct field NetworkPacketLossRequest.Protocol of type string");
        assertThatThrownBy(() -> LATENCY.map("{\"Ports\":{}}".getBytes(StandardCharsets.UTF_8))).hasMessage(
                "json: cannot unmarshal object into Go struct field NetworkLatencyRequest.Ports of type []int");
    }

    @Test
    void map_typeErrorComesBeforeAnyValidation() {
        assertThatThrownBy(() -> LOSS.map("{\"LossPercent\":0,\"Ports\":[true]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("json: cannot unmarshal bool into Go struct field NetworkPacketLossRequest.Ports of type int");
    }

    @Test
    void map_badValues_nameTheFieldTheValueAndTheExpectation() {
        assertThat(lossError(",\"Ports\":[0]")).isEqualTo("invalid value 0 for parameter Ports (expected: 1-65535)");
        assertThat(lossError(",\"Ports\":[80,65536]")).isEqualTo("invalid value 65536 for parameter Ports (expected: 1-65535)");
        assertThat(lossError(",\"Ports\":[-1]")).isEqualTo("invalid value -1 for parameter Ports (expected: 1-65535)");
        assertThat(lossError(",\"Ports\":[null]")).isEqualTo("invalid value 0 for parameter Ports (expected: 1-65535)");
        assertThat(lossError(",\"Ports\":[53,80,53]")).isEqualTo("invalid value 53 for parameter Ports (expected: distinct ports)");
        String many = IntStream.rangeClosed(1, 65).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertThat(lossError(",\"Ports\":[" + many + "]"))
                .isEqualTo("invalid value 65 entries for parameter Ports (expected: at most 64 ports)");
        assertThat(lossError(",\"Protocol\":\"icmp\"")).isEqualTo("invalid value icmp for parameter Protocol (expected: tcp or udp)");
        assertThat(lossError(",\"Protocol\":\"TCP\"")).isEqualTo("invalid value TCP for parameter Protocol (expected: tcp or udp)");
        String sixtyFour = IntStream.rangeClosed(1, 64).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertThat(loss(",\"Ports\":[" + sixtyFour + "]").ports()).hasSize(64);
    }

    @Test
    void map_otherFieldsStillComeFirst() {
        assertThat(lossError(",\"FlowsPercent\":0,\"Ports\":[0]")).isEqualTo("invalid value 0 for parameter flowsPercent");
        assertThat(LossSpec.class).isEqualTo(LOSS.spec());
    }
}
