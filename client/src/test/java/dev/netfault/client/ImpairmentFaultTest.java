package dev.netfault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.api.ImpairmentRequestMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ImpairmentFault: the JSON it sends, stop and status, the 409 of the shared netem root, and every refusal checked
 * before sending with the agent's own message (compared with the agent's mapper on the same fields).
 */
class ImpairmentFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImpairmentRequestMapper AGENT = new ImpairmentRequestMapper(List.of());
    private FakeAgent agent;
    private NetfaultClient client;

    @BeforeEach
    void start() throws Exception {
        agent = new FakeAgent();
        client = NetfaultClient.builder(agent.url()).requestTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void start_sendsOnlyWhatIsSet_andStopAndStatusSendEmptyObjects() {
        agent.answer(200, "{\"Status\":\"running\"}").answer(200, "{\"Status\":\"running\"}")
                .answer(200, "{\"Status\":\"stopped\"}");
        client.start(ImpairmentFault.builder().delayMillis(50).jitterMillis(5).distribution(Distribution.NORMAL)
                .lossPercent(2).lossModel(LossModel.BURST).meanBurstPackets(3).corruptPercent(1).duplicatePercent(1)
                .reorderPercent(10).flowsPercent(50).trafficType(TrafficType.INGRESS).sources("db.example.com")
                .durationSeconds(60).build());
        assertThat(client.impairmentStatus()).isEqualTo(FaultStatus.RUNNING);
        assertThat(client.stopImpairment()).isEqualTo(FaultStatus.STOPPED);

        assertThat(agent.requests()).extracting(FakeAgent.Recorded::path, FakeAgent.Recorded::body).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-impairment/start", "{\"DelayMilliseconds\":50,"
                        + "\"JitterMilliseconds\":5,\"Distribution\":\"normal\",\"LossPercent\":2,\"LossModel\":\"burst\","
                        + "\"MeanBurstPackets\":3,\"CorruptPercent\":1,\"DuplicatePercent\":1,\"ReorderPercent\":10,"
                        + "\"FlowsPercent\":50,\"TrafficType\":\"ingress\",\"Sources\":[\"db.example.com\"],"
                        + "\"DurationSeconds\":60}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-impairment/status", "{}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-impairment/stop", "{}"));
    }

    @Test
    void start_whileLatencyRuns_isAFaultConflictException() {
        agent.answer(409, "{\"Error\":\"There is already one network latency fault running\"}");
        assertThatThrownBy(() -> client.start(ImpairmentFault.builder().duplicatePercent(10).sources("0.0.0.0/0").build()))
                .isInstanceOfSatisfying(FaultConflictException.class,
                        e -> assertThat(e.agentMessage()).isEqualTo("There is already one network latency fault running"));
    }

    /** A case: the builder's settings and the same fields as a raw body for the agent. */
    private record Case(Map<String, Object> raw, Consumer<ImpairmentFault.Builder> set) {
    }

    private static Case c(Consumer<ImpairmentFault.Builder> set, Object... fields) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            raw.put((String) fields[i], fields[i + 1]);
        }
        return new Case(raw, set);
    }

    @Test
    void build_refusesWhatTheAgentRefuses_withTheAgentsMessage() throws Exception {
        List<Case> cases = List.of(
                c(b -> b.delayMillis(-1), "DelayMilliseconds", -1),
                c(b -> b.duplicatePercent(-5), "DuplicatePercent", -5),
                c(b -> b.delayMillis(60_001), "DelayMilliseconds", 60_001),
                c(b -> b.delayMillis(50).corruptPercent(200), "DelayMilliseconds", 50, "CorruptPercent", 200),
                c(b -> b.delayMillis(50).meanBurstPackets(1001), "DelayMilliseconds", 50, "MeanBurstPackets", 1001),
                c(b -> b.lossPercent(101), "LossPercent", 101),
                c(b -> { }),
                c(b -> b.reorderPercent(10), "ReorderPercent", 10),
                c(b -> b.jitterMillis(5).reorderPercent(10), "JitterMilliseconds", 5, "ReorderPercent", 10),
                c(b -> b.duplicatePercent(5).correlationPercent(25), "DuplicatePercent", 5, "CorrelationPercent", 25),
                c(b -> b.delayMillis(50).distribution(Distribution.PARETO), "DelayMilliseconds", 50, "Distribution", "pareto"),
                c(b -> b.jitterMillis(5).distribution(Distribution.NORMAL), "JitterMilliseconds", 5, "Distribution", "normal"),
                c(b -> b.lossPercent(5).lossModel(LossModel.BURST), "LossPercent", 5, "LossModel", "burst"),
                c(b -> b.lossPercent(5).meanBurstPackets(3), "LossPercent", 5, "MeanBurstPackets", 3),
                c(b -> b.lossPercent(100).lossModel(LossModel.BURST).meanBurstPackets(3), "LossPercent", 100,
                        "LossModel", "burst", "MeanBurstPackets", 3),
                c(b -> b.lossPercent(80).lossModel(LossModel.BURST).meanBurstPackets(3), "LossPercent", 80,
                        "LossModel", "burst", "MeanBurstPackets", 3),
                c(b -> b.delayMillis(50).lossModel(LossModel.BURST), "DelayMilliseconds", 50, "LossModel", "burst"),
                c(b -> b.delayMillis(50).meanBurstPackets(3), "DelayMilliseconds", 50, "MeanBurstPackets", 3),
                c(b -> b.delayMillis(50).flowsPercent(0), "DelayMilliseconds", 50, "FlowsPercent", 0),
                c(b -> b.delayMillis(50).durationSeconds(0), "DelayMilliseconds", 50, "DurationSeconds", 0),
                c(b -> b.delayMillis(50).networkInterface("bad name"), "DelayMilliseconds", 50, "Interface", "bad name"),
                c(b -> b.delayMillis(50).sourcesToFilter("nope"), "DelayMilliseconds", 50, "SourcesToFilter", List.of("nope")));
        for (Case k : cases) {
            Map<String, Object> raw = new LinkedHashMap<>(k.raw());
            raw.put("Sources", List.of("198.51.100.2"));
            String agentSays = outcome(() -> AGENT.map(JSON.writeValueAsBytes(raw)));
            ImpairmentFault.Builder b = ImpairmentFault.builder().sources("198.51.100.2");
            k.set().accept(b);
            String clientSays = outcome(b::build);
            assertThat(agentSays).as("agent on %s", raw).isNotEqualTo("ok");
            assertThat(clientSays).as("client vs agent on %s", raw).isEqualTo(agentSays);
        }
        assertThatThrownBy(() -> ImpairmentFault.builder().delayMillis(50).build())
                .hasMessage("required parameter Sources is missing");
        assertThatThrownBy(() -> ImpairmentFault.builder().reorderPercent(10).sources("198.51.100.2").build())
                .hasMessage("ReorderPercent: 10 (expected: a non-zero DelayMilliseconds; netem reorders by sending some"
                        + " packets without the delay)");
    }

    @Test
    void build_whatTheClientSends_theAgentAccepts() throws Exception {
        for (ImpairmentFault f : List.of(
                ImpairmentFault.builder().duplicatePercent(10).sources("198.51.100.2").build(),
                ImpairmentFault.builder().delayMillis(50).jitterMillis(5).correlationPercent(25)
                        .distribution(Distribution.UNIFORM).reorderPercent(25).sources("2001:db8::/32").build(),
                ImpairmentFault.builder().lossPercent(20).lossModel(LossModel.BURST).meanBurstPackets(4).corruptPercent(1)
                        .sources("198.51.100.0/24").sourcesToFilter("198.51.100.9").networkInterface("eth0").build())) {
            assertThat(outcome(() -> AGENT.map(JSON.writeValueAsBytes(f.toJson())))).as(f.toString()).isEqualTo("ok");
        }
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static String outcome(Attempt a) {
        try {
            a.run();
            return "ok";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
