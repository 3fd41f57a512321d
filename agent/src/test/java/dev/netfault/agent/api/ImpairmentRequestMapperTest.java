package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.dns.Hostname;
import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** network-impairment start bodies → ImpairmentSpec: every field, Go decoding of wrong types, and each refusal's words. */
class ImpairmentRequestMapperTest {

    private static final List<Cidr> AGENT_EXEMPT = List.of(Cidr.parse("198.51.100.200"));
    private static final Targeting TO_2 = Targeting.all().withSources(List.of(Cidr.parse("198.51.100.2/32")));
    private final ImpairmentRequestMapper mapper = new ImpairmentRequestMapper(List.of());

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private FaultRequest map(String body) {
        return mapper.map(json(body));
    }

    private static String with(String fields) {
        return "{" + fields + (fields.isEmpty() ? "" : ",") + "\"Sources\":[\"198.51.100.2\"]}";
    }

    @Test
    void map_everyField() {
        FaultRequest r = new ImpairmentRequestMapper(AGENT_EXEMPT).map(json("{\"DelayMilliseconds\":50,"
                + "\"JitterMilliseconds\":5,\"CorrelationPercent\":25,\"Distribution\":\"normal\",\"LossPercent\":2,"
                + "\"LossModel\":\"burst\",\"MeanBurstPackets\":3,\"CorruptPercent\":1,\"DuplicatePercent\":4,"
                + "\"ReorderPercent\":10,\"Sources\":[\"198.51.100.0/25\",\"2001:db8::7\"],\"SourcesToFilter\":[\"198.51.100.5\"],"
                + "\"FlowsPercent\":30,\"Interface\":\"veth0\",\"TrafficType\":\"ingress\",\"DurationSeconds\":90}"));

        Targeting t = new Targeting(List.of(Cidr.parse("198.51.100.0/25"), Cidr.parse("2001:db8::7/128")),
                List.of(Cidr.parse("198.51.100.5/32"), Cidr.parse("198.51.100.200/32")),
                Optional.of(InterfaceName.of("veth0")), 30, Direction.INGRESS);
        assertThat(r).isEqualTo(new FaultRequest(new ImpairmentSpec(50, 5, 25, Distribution.NORMAL, 2, LossModel.BURST, 3,
                1, 4, 10, t), Optional.of(Duration.ofSeconds(90))));
    }

    @Test
    void map_oneImpairmentAlone_restZeroAndEgress() {
        assertThat(map(with("\"DuplicatePercent\":10")).spec()).isEqualTo(new ImpairmentSpec(0, 0, 0, Distribution.NONE,
                0, LossModel.RANDOM, 0, 0, 10, 0, TO_2));
        assertThat(map(with("\"DuplicatePercent\":10")).duration()).isEmpty();
        assertThat(map(with("\"delaymilliseconds\":50,\"DuplicatePercent\":null")).spec()).isEqualTo(new ImpairmentSpec(
                50, 0, 0, Distribution.NONE, 0, LossModel.RANDOM, 0, 0, 0, 0, TO_2));
    }

    @Test
    void map_dnsNamesInSources_asLatencyServesThem() {
        FaultRequest r = map("{\"LossPercent\":5,\"Sources\":[\"db.example.internal\",\"198.51.100.2\"]}");

        assertThat(r.hostnames()).containsExactly(new Hostname("db.example.internal"));
        assertThat(r.spec().targeting().sources()).containsExactly(Cidr.parse("198.51.100.2/32"));
        assertThatThrownBy(() -> new ImpairmentRequestMapper(List.of(), false).map(json(
                "{\"LossPercent\":5,\"Sources\":[\"db.example.internal\"]}")))
                .hasMessage("invalid value db.example.internal for parameter Sources");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"DelayMilliseconds\":\"50\"|json: cannot unmarshal string into Go struct field NetworkImpairmentRequest.DelayMilliseconds of type uint64",
        "\"DuplicatePercent\":-1|json: cannot unmarshal number -1 into Go struct field NetworkImpairmentRequest.DuplicatePercent of type uint64",
        "\"ReorderPercent\":2.5|json: cannot unmarshal number 2.5 into Go struct field NetworkImpairmentRequest.ReorderPercent of type uint64",
        "\"CorruptPercent\":true|json: cannot unmarshal bool into Go struct field NetworkImpairmentRequest.CorruptPercent of type uint64",
        "\"Distribution\":3|json: cannot unmarshal number into Go struct field NetworkImpairmentRequest.Distribution of type string",
        "\"LossModel\":[\"burst\"]|json: cannot unmarshal array into Go struct field NetworkImpairmentRequest.LossModel of type string",
        "\"FlowsPercent\":\"50\"|json: cannot unmarshal string into Go struct field NetworkImpairmentRequest.FlowsPercent of type int",
    })
    void map_wrongJsonTypes_goDecodingErrors(String field, String message) {
        assertThatThrownBy(() -> map(with("\"LossPercent\":5," + field))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void map_sourcesOfTheWrongType_goDecodingError() {
        assertThatThrownBy(() -> map("{\"LossPercent\":5,\"Sources\":\"198.51.100.2\"}"))
                .hasMessage("json: cannot unmarshal string into Go struct field NetworkImpairmentRequest.Sources of type []*string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"DelayMilliseconds\":60001|DelayMilliseconds: 60001 (expected: 0-60000)",
        "\"JitterMilliseconds\":18446744073709551615|JitterMilliseconds: 18446744073709551615 (expected: 0-60000)",
        "\"CorrelationPercent\":101|CorrelationPercent: 101 (expected: 0-100)",
        "\"LossPercent\":101|LossPercent: 101 (expected: 0-100)",
        "\"CorruptPercent\":200|CorruptPercent: 200 (expected: 0-100)",
        "\"DuplicatePercent\":101|DuplicatePercent: 101 (expected: 0-100)",
        "\"ReorderPercent\":101|ReorderPercent: 101 (expected: 0-100)",
        "\"MeanBurstPackets\":1001|MeanBurstPackets: 1001 (expected: 0-1000)",
        "\"Distribution\":\"gauss\"|Distribution: 'gauss' (expected: normal, pareto, paretonormal or uniform)",
        "\"LossModel\":\"bursty\"|LossModel: 'bursty' (expected: random or burst)",
    })
    void map_valuesOutOfRange_nameFieldValueAndExpectation(String field, String message) {
        assertThatThrownBy(() -> map(with("\"DelayMilliseconds\":50," + field))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|required at least one of DelayMilliseconds, JitterMilliseconds, LossPercent, CorruptPercent, DuplicatePercent or ReorderPercent to be non-zero",
        "\"DelayMilliseconds\":0,\"CorruptPercent\":0|required at least one of DelayMilliseconds, JitterMilliseconds, LossPercent, CorruptPercent, DuplicatePercent or ReorderPercent to be non-zero",
        "\"ReorderPercent\":10|ReorderPercent: 10 (expected: a non-zero DelayMilliseconds; netem reorders by sending some packets without the delay)",
        "\"JitterMilliseconds\":5,\"ReorderPercent\":10|ReorderPercent: 10 (expected: a non-zero DelayMilliseconds; netem reorders by sending some packets without the delay)",
        "\"DuplicatePercent\":5,\"CorrelationPercent\":25|CorrelationPercent: 25 (expected: 0 without DelayMilliseconds or JitterMilliseconds; it correlates successive delays)",
        "\"DelayMilliseconds\":50,\"Distribution\":\"pareto\"|Distribution: 'pareto' (expected: a non-zero JitterMilliseconds; a distribution shapes the jitter)",
        "\"JitterMilliseconds\":5,\"Distribution\":\"normal\"|Distribution: 'normal' (expected: a non-zero DelayMilliseconds as well; netem spreads the jitter around a delay)",
        "\"LossPercent\":5,\"LossModel\":\"burst\"|MeanBurstPackets: missing (expected: 1-1000 with LossModel burst)",
        "\"LossPercent\":5,\"LossModel\":\"burst\",\"MeanBurstPackets\":0|MeanBurstPackets: 0 (expected: 1-1000 with LossModel burst)",
        "\"LossPercent\":5,\"MeanBurstPackets\":3|MeanBurstPackets: 3 (expected: only with LossModel burst)",
        "\"LossPercent\":100,\"LossModel\":\"burst\",\"MeanBurstPackets\":3|LossPercent: 100 (expected: 1-99 with LossModel burst; use random for 100)",
        "\"DelayMilliseconds\":50,\"LossModel\":\"burst\"|LossModel: 'burst' (expected: only with a non-zero LossPercent)",
        "\"DelayMilliseconds\":50,\"MeanBurstPackets\":3|MeanBurstPackets: 3 (expected: 0 without LossPercent; it is the mean run of burst losses)",
    })
    void map_combinationsThatCannotWork_sayWhy(String fields, String message) {
        assertThatThrownBy(() -> map(with(fields == null ? "" : fields))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void map_targetingErrors_asLatencysWords() {
        assertThatThrownBy(() -> map("{\"DelayMilliseconds\":50}")).hasMessage("required parameter Sources is missing");
        assertThatThrownBy(() -> map("{\"DelayMilliseconds\":50,\"Sources\":[]}")).hasMessage("required parameter Sources is missing");
        assertThatThrownBy(() -> map(with("\"DelayMilliseconds\":50,\"FlowsPercent\":0"))).hasMessage("invalid value 0 for parameter flowsPercent");
        assertThatThrownBy(() -> map(with("\"DelayMilliseconds\":50,\"TrafficType\":\"both\"")))
                .hasMessage("invalid value both for parameter TrafficType (expected: egress or ingress)");
        assertThatThrownBy(() -> map(with("\"DelayMilliseconds\":50,\"DurationSeconds\":0")))
                .hasMessage("invalid value 0 for parameter DurationSeconds (expected: 1-43200)");
        assertThatThrownBy(() -> map(with("\"DelayMilliseconds\":50,\"SourcesToFilter\":[\"nope\"]")))
                .hasMessage("invalid value nope for parameter SourcesToFilter");
        assertThatThrownBy(() -> map("")).hasMessage(RequestBody.MISSING_BODY);
    }
}
