package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.ConflictException;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Request bodies to tc-bridge specs, Go decoding details, and the exception table. */
class RequestMappersTest {

    private static final List<Cidr> AGENT_EXEMPT = List.of(Cidr.parse("198.51.100.200"));

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mapLoss_burstWithAgentExemptionsAfterRequestOnes() {
        FaultRequest r = new LossRequestMapper(AGENT_EXEMPT).map(json("{\"LossPercent\":20,\"Sources\":[\"198.51.100.0/25\"],"
                + "\"SourcesToFilter\":[\"198.51.100.5\"],\"LossModel\":\"burst\",\"MeanBurstPackets\":4,\"Interface\":\"veth0\","
                + "\"TrafficType\":\"ingress\",\"FlowsPercent\":30,\"DurationSeconds\":90}"));

        Targeting t = new Targeting(List.of(Cidr.parse("198.51.100.0/25")),
                List.of(Cidr.parse("198.51.100.5"), Cidr.parse("198.51.100.200")), Optional.of(InterfaceName.of("veth0")), 30,
                Direction.INGRESS);
        assertThat(r).isEqualTo(new FaultRequest(new LossSpec(20, LossModel.BURST, 4, t), Optional.of(Duration.ofSeconds(90))));
    }

    @Test
    void mapBlackhole_sourcesAndIngressKey() {
        BlackholeRequestMapper m = new BlackholeRequestMapper(List.of());
        byte[] body = json("{\"port\":5432,\"protocol\":\"tcp\",\"traffictype\":\"ingress\",\"Sources\":[\"2001:db8::/64\"]}");

        FaultRequest r = m.map(body);

        assertThat(r.spec()).isEqualTo(new BlackholeSpec(5432, Protocol.TCP, Direction.INGRESS,
                Targeting.all().withSources(List.of(Cidr.parse("2001:db8::/64"))).withDirection(Direction.INGRESS)));
        assertThat(r.duration()).isEmpty();
        assertThat(m.key(body)).isEqualTo(FaultKey.blackhole("ingress-tcp-5432"));
        assertThat(((BlackholeSpec) r.spec()).key()).isEqualTo("ingress-tcp-5432");
    }

    @Test
    void parse_duplicateKeysLastWinsWhateverTheCase() {
        RequestBody b = RequestBody.parse(json("{\"LossPercent\":5,\"losspercent\":9}"), "NetworkPacketLossRequest");

        assertThat(b.uint("LossPercent", 64)).contains(9L);
    }

    @Test
    void parse_nullFieldsAreAbsentAndNullSourcesEmptyStrings() {
        RequestBody b = RequestBody.parse(json("{\"DelayMilliseconds\":null,\"Sources\":[null,\"198.51.100.1\"]}"),
                "NetworkLatencyRequest");

        assertThat(b.uint("DelayMilliseconds", 64)).isEmpty();
        assertThat(b.has("DelayMilliseconds")).isFalse();
        assertThat(b.strings("Sources")).containsExactly("", "198.51.100.1");
        assertThatThrownBy(() -> new LatencyRequestMapper(List.of()).map(
                json("{\"DelayMilliseconds\":1,\"JitterMilliseconds\":0,\"Sources\":[null]}")))
                .hasMessage("invalid value  for parameter Sources");
    }

    @Test
    void parse_uint64MaximumAccepted() {
        RequestBody b = RequestBody.parse(json("{\"DelayMilliseconds\":18446744073709551615}"), "NetworkLatencyRequest");

        assertThat(b.uint("DelayMilliseconds", 64)).contains(Long.MAX_VALUE);
        assertThatThrownBy(() -> new LatencyRequestMapper(List.of()).map(json("{\"DelayMilliseconds\":18446744073709551615,"
                + "\"JitterMilliseconds\":0,\"Sources\":[\"198.51.100.1\"]}")))
                .hasMessage("invalid value 9223372036854775807 for parameter DelayMilliseconds (expected: 0-60000)");
    }

    @Test
    void echo_longValuesWholeAsTheEcsAgentPrintsThem() {
        String longSource = "x".repeat(500); // the body limit (64 KiB) bounds what comes back

        assertThatThrownBy(() -> new LossRequestMapper(List.of()).map(
                json("{\"LossPercent\":5,\"Sources\":[\"" + longSource + "\"]}")))
                .hasMessage("invalid value " + longSource + " for parameter Sources");
    }

    @Test
    void toResponse_oneTableForEveryException() {
        assertThat(ErrorTable.toResponse("start network-latency", new ConflictException("There is already one network latency fault running")))
                .extracting(r -> r.status().code(), ApiResponse::bodyText)
                .containsExactly(409, "{\"Error\":\"There is already one network latency fault running\"}");
        assertThat(ErrorTable.toResponse("start network-latency", new SlotTakenException("a netfault tc fault is already "
                + "active on eth0 (root qdisc prio 4e46:); stop it first")))
                .extracting(r -> r.status().code(), ApiResponse::bodyText)
                .containsExactly(409, "{\"Error\":\"a netfault tc fault is already active on eth0 (root qdisc prio 4e46:); "
                        + "stop it first\"}");
        assertThat(ErrorTable.toResponse("start network-latency", new UnsupportedFaultException("latency needs sch_netem"))
                .status().code()).isEqualTo(400);
        assertThat(ErrorTable.toResponse("start network-latency", new ForeignQdiscException("eth0 has a foreign root qdisc"))
                .status().code()).isEqualTo(400);
        assertThat(ErrorTable.toResponse("stop network-latency", new RejectedExecutionException()).bodyText())
                .isEqualTo("{\"Error\":\"stop network-latency: agent busy, retry later\"}");
        assertThat(ErrorTable.toResponse("stop network-latency", new InterruptedException()).status().code()).isEqualTo(503);
        assertThat(ErrorTable.toResponse("list faults", new NullPointerException()).bodyText())
                .isEqualTo("{\"Error\":\"list faults: internal error: NullPointerException\"}");
    }
}
