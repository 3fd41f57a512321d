package dev.netfault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetfaultClientTest {

    private FakeAgent agent;
    private NetfaultClient client;

    @BeforeEach
    void start() throws Exception {
        agent = new FakeAgent();
        client = NetfaultClient.builder(agent.url()).token("t0ken").requestTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void start_postsTheAgentsFieldsAndCloseStopsByIdentity() {
        agent.answer(200, "{\"Status\":\"running\"}").answer(200, "{\"Status\":\"running\"}")
                .answer(200, "{\"Status\":\"stopped\"}");
        BlackholeFault fault = BlackholeFault.port(8081).udp().ingress().sources("198.51.100.7")
                .sourcesToFilter("198.51.100.9/32").networkInterface("eth0").durationSeconds(30).build();

        try (RunningFault running = client.start(fault)) {
            assertThat(running.status()).isEqualTo(FaultStatus.RUNNING);
        }

        assertThat(agent.requests()).containsExactly(
                new FakeAgent.Recorded("POST", "/fault/v1/network-blackhole-port/start", "Bearer t0ken",
                        "application/json", "{\"Port\":8081,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\","
                        + "\"Sources\":[\"198.51.100.7\"],\"SourcesToFilter\":[\"198.51.100.9/32\"],"
                        + "\"Interface\":\"eth0\",\"DurationSeconds\":30}"),
                new FakeAgent.Recorded("POST", "/fault/v1/network-blackhole-port/status", "Bearer t0ken",
                        "application/json", "{\"Port\":8081,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\"}"),
                new FakeAgent.Recorded("POST", "/fault/v1/network-blackhole-port/stop", "Bearer t0ken",
                        "application/json", "{\"Port\":8081,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\"}"));
    }

    @Test
    void start_latencyAndLossCarryEveryExtension() {
        agent.answer(200, "{\"Status\":\"running\"}").answer(200, "{\"Status\":\"running\"}");
        client.start(LatencyFault.builder().delayMillis(200).jitterMillis(10).correlationPercent(25)
                .distribution(Distribution.PARETONORMAL).flowsPercent(50).trafficType(TrafficType.INGRESS)
                .sources("db.example.com", "2001:db8::/32").build());
        client.start(PacketLossFault.builder().lossPercent(20).burst(4).sources("0.0.0.0/0").build());

        assertThat(agent.requests()).extracting(FakeAgent.Recorded::path, FakeAgent.Recorded::body).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-latency/start",
                        "{\"DelayMilliseconds\":200,\"JitterMilliseconds\":10,\"CorrelationPercent\":25,"
                        + "\"Distribution\":\"paretonormal\",\"FlowsPercent\":50,\"TrafficType\":\"ingress\","
                        + "\"Sources\":[\"db.example.com\",\"2001:db8::/32\"]}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-packet-loss/start",
                        "{\"LossPercent\":20,\"LossModel\":\"burst\",\"MeanBurstPackets\":4,\"Sources\":[\"0.0.0.0/0\"]}"));
    }

    @Test
    void stopAndStatus_ofLatencyAndLossSendEmptyObjects() {
        agent.answer(200, "{\"Status\":\"not-running\"}").answer(200, "{\"Status\":\"stopped\"}")
                .answer(200, "{\"Status\":\"running\"}").answer(200, "{\"Status\":\"stopped\"}");
        assertThat(client.latencyStatus()).isEqualTo(FaultStatus.NOT_RUNNING);
        assertThat(client.stopLatency()).isEqualTo(FaultStatus.STOPPED);
        assertThat(client.packetLossStatus()).isEqualTo(FaultStatus.RUNNING);
        assertThat(client.stopPacketLoss()).isEqualTo(FaultStatus.STOPPED);
        assertThat(agent.requests()).extracting(FakeAgent.Recorded::path, FakeAgent.Recorded::body).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-latency/status", "{}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-latency/stop", "{}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-packet-loss/status", "{}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-packet-loss/stop", "{}"));
    }

    @Test
    void bandwidth_startStatusStop_onItsRoute() {
        agent.answer(200, "{\"Status\":\"running\"}").answer(200, "{\"Status\":\"running\"}")
                .answer(200, "{\"Status\":\"stopped\"}");
        client.start(BandwidthFault.builder().rateKilobitsPerSecond(2_000).ports(5432).protocol(Protocol.TCP).build());
        assertThat(client.bandwidthStatus()).isEqualTo(FaultStatus.RUNNING);
        assertThat(client.stopBandwidth()).isEqualTo(FaultStatus.STOPPED);
        assertThat(agent.requests()).extracting(FakeAgent.Recorded::path, FakeAgent.Recorded::body).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-bandwidth/start",
                        "{\"RateKilobitsPerSecond\":2000,\"Ports\":[5432],\"Protocol\":\"tcp\"}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-bandwidth/status", "{}"),
                org.assertj.core.groups.Tuple.tuple("/fault/v1/network-bandwidth/stop", "{}"));
    }

    @Test
    void start_conflictIsAFaultConflictExceptionWithTheAgentsMessage() {
        agent.answer(409, "{\"Error\":\"There is already one network latency fault running\"}");
        assertThatThrownBy(() -> client.start(PacketLossFault.builder().lossPercent(5).sources("0.0.0.0/0").build()))
                .isInstanceOfSatisfying(FaultConflictException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.isConflict()).isTrue();
                    assertThat(e.agentMessage()).isEqualTo("There is already one network latency fault running");
                    assertThat(e).hasMessage("POST /fault/v1/network-packet-loss/start: agent answered 409: "
                            + "There is already one network latency fault running");
                });
    }

    @Test
    void start_badRequestAndServerErrorCarryStatusAndMessage() {
        agent.answer(400, "{\"Error\":\"latency needs sch_netem, which this kernel lacks\"}")
                .answer(500, "{\"Error\":\"start network-blackhole-port: 'nft -f -' failed (exit 1): boom\"}")
                .answer(new FakeAgent.Answer(429, "text/plain; charset=utf-8", "You have reached maximum request limit", 0));
        LatencyFault latency = LatencyFault.builder().delayMillis(100).sources("0.0.0.0/0").build();
        assertThatThrownBy(() -> client.start(latency)).isExactlyInstanceOf(NetfaultException.class)
                .satisfies(e -> {
                    NetfaultException n = (NetfaultException) e;
                    assertThat(n.status()).isEqualTo(400);
                    assertThat(n.isConflict()).isFalse();
                    assertThat(n.agentMessage()).isEqualTo("latency needs sch_netem, which this kernel lacks");
                });
        assertThatThrownBy(() -> client.start(BlackholeFault.port(1).build()))
                .isInstanceOfSatisfying(NetfaultException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.agentMessage()).isEqualTo("start network-blackhole-port: 'nft -f -' failed (exit 1): boom");
                });
        assertThatThrownBy(() -> client.health()).isInstanceOfSatisfying(NetfaultException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.agentMessage()).isEqualTo("You have reached maximum request limit");
        });
    }

    @Test
    void list_andStopAll_readEveryField() {
        String fault = "{\"id\":\"f-1\",\"type\":\"blackhole\",\"key\":\"blackhole:egress-tcp-8081\","
                + "\"parameters\":{\"Port\":8081,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\",\"Sources\":[]},"
                + "\"startedAt\":\"2026-12-01T10:00:00Z\",\"expiresAt\":\"2026-12-01T10:01:00Z\","
                + "\"mechanism\":\"nft-netdev-egress\",\"interfaces\":[\"eth0\"]";
        agent.answer(200, "[" + fault + ",\"present\":true,\"counters\":{\"dropped\":12}}]")
                .answer(200, "[" + fault + "}]");

        List<ActiveFault> listed = client.list();
        List<ActiveFault> stopped = client.stopAll();

        Map<String, Object> params = Map.of("Port", 8081, "Protocol", "tcp", "TrafficType", "egress", "Sources", List.of());
        assertThat(listed).containsExactly(new ActiveFault("f-1", "blackhole", "blackhole:egress-tcp-8081", params,
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:01:00Z"), "nft-netdev-egress",
                List.of("eth0"), true, Map.of("dropped", 12L)));
        assertThat(stopped).containsExactly(new ActiveFault("f-1", "blackhole", "blackhole:egress-tcp-8081", params,
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:01:00Z"), "nft-netdev-egress",
                List.of("eth0"), false, Map.of()));
        assertThat(agent.requests()).extracting(FakeAgent.Recorded::method, FakeAgent.Recorded::path, FakeAgent.Recorded::body)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/faults", ""),
                        org.assertj.core.groups.Tuple.tuple("DELETE", "/faults", ""));
    }

    @Test
    void health_readsModeAndReasons() {
        agent.answer(200, "{\"status\":\"serving\",\"mode\":\"kernel\",\"modeReason\":\"auto: ...\",\"faults\":{"
                + "\"blackhole\":{\"supported\":true,\"mechanism\":\"nftables netdev egress\"},"
                + "\"latency\":{\"supported\":false,\"reason\":\"latency needs sch_netem\"}}}");
        Health h = client.health();
        assertThat(h.status()).isEqualTo("serving");
        assertThat(h.mode()).isEqualTo("kernel");
        assertThat(h.supports("blackhole")).isTrue();
        assertThat(h.supports("latency")).isFalse();
        assertThat(h.supports("nothing")).isFalse();
        assertThat(h.reason("latency")).contains("latency needs sch_netem");
        assertThat(h.reason("blackhole")).isEmpty();
        assertThat(h.faults().get("blackhole")).isEqualTo(new Health.Support(true, "nftables netdev egress", ""));
    }

    @Test
    void anAnswerLaterThanTheRequestTimeoutIsStatusZero() {
        agent.answer(new FakeAgent.Answer(200, "application/json", "{}", 3_000));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.health()).isInstanceOfSatisfying(NetfaultException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.agentMessage()).isEmpty();
            assertThat(e).hasMessageStartingWith("GET /healthz: no answer from " + agent.url() + " within PT2S");
        });
        assertThat((System.nanoTime() - t0) / 1e9).isBetween(1.9, 2.9);
    }

    @Test
    void aClosedPortIsStatusZeroNamingTheAgent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        NetfaultClient nobody = NetfaultClient.create("http://127.0.0.1:" + port);
        assertThatThrownBy(nobody::list).isInstanceOfSatisfying(NetfaultException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e).hasMessageStartingWith("GET /faults: cannot reach the agent at http://127.0.0.1:" + port);
        });
    }

    @Test
    void aBasePathPrefixIsKept() {
        agent.answer(200, "{\"Status\":\"stopped\"}");
        NetfaultClient.create(agent.url() + "/api/task-1/").stopLatency();
        assertThat(agent.requests()).extracting(FakeAgent.Recorded::path, FakeAgent.Recorded::authorization)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/api/task-1/fault/v1/network-latency/stop", null));
    }

    @Test
    void builder_refusesBadSettings() {
        assertThatThrownBy(() -> NetfaultClient.builder("ftp://x")).hasMessage(
                "baseUri: 'ftp://x' (expected: http://HOST:PORT, e.g. http://127.0.0.1:51680)");
        assertThatThrownBy(() -> NetfaultClient.builder("http://x").token("a b"))
                .hasMessage("token: (expected: one token of printable ASCII without spaces)");
        assertThatThrownBy(() -> NetfaultClient.builder("http://x").requestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout: PT0S (expected: a positive duration)");
    }

    @Test
    void close_afterStopDoesNotStopAgain() {
        agent.answer(200, "{\"Status\":\"running\"}").answer(200, "{\"Status\":\"stopped\"}");
        RunningFault f = client.start(PacketLossFault.builder().lossPercent(5).sources("198.51.100.2").build());
        f.stop();
        f.close();
        assertThat(agent.requests()).extracting(FakeAgent.Recorded::path).containsExactly(
                "/fault/v1/network-packet-loss/start", "/fault/v1/network-packet-loss/stop");
    }
}
