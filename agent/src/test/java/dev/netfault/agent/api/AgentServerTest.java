package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API over loopback: a real server on an ephemeral port in front of the fake lifecycle. */
class AgentServerTest extends ServerFixture {

    @Test
    void listeningSocket_hasTheAcceptBacklogForABurstOfClients_asTheKernelReportsIt() throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + address.getPort()).redirectErrorStream(true).start();
        String line = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(ss.waitFor()).isZero();
        int somaxconn;
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("/proc/sys/net/core/somaxconn"))) {
            somaxconn = Integer.parseInt(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip());
        }

        // ss prints a listening socket's backlog as its Send-Q: LISTEN 0 1024 127.0.0.1:PORT ...
        assertThat(line.split("\\s+")).as(line).hasSizeGreaterThan(3);
        assertThat(Integer.parseInt(line.split("\\s+")[2])).as(line)
                .isEqualTo(Math.min(AgentServer.ACCEPT_BACKLOG, somaxconn)).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void startLatency_caseInsensitiveKeysUnknownKeysIgnoredSpecMapped() throws Exception {
        var r = TestHttp.post(address, "/fault/v1/network-latency/start",
                "{\"delaymilliseconds\":100,\"JITTERMILLISECONDS\":10,\"sOuRcEs\":[\"198.51.100.7\"],"
                        + "\"SourcesToFilter\":[\"2001:db8::/32\"],\"Whatever\":{\"x\":[1,2]},\"DurationSeconds\":60,"
                        + "\"CorrelationPercent\":25,\"Distribution\":\"normal\",\"Interface\":\"eth0\",\"TrafficType\":\"ingress\","
                        + "\"FlowsPercent\":50}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"Status\":\"running\"}");
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        Targeting t = new Targeting(List.of(Cidr.parse("198.51.100.7")), List.of(Cidr.parse("2001:db8::/32")),
                Optional.of(dev.netfault.bridge.target.InterfaceName.of("eth0")), 50, Direction.INGRESS);
        assertThat(faults.started).containsExactly(new LatencySpec(100, 10, 25, Distribution.NORMAL, t));
        assertThat(faults.durations).containsExactly(Optional.of(Duration.ofSeconds(60)));
    }

    @Test
    void startLatency_underApiPrefix() throws Exception {
        var r = TestHttp.post(address, "/api/3f1c-task-endpoint/fault/v1/network-latency/start", LATENCY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(faults.calls).containsExactly("start latency");
    }

    @Test
    void bandwidth_underApiPrefix_startStatusStop() throws Exception {
        String prefix = "/api/3f1c-task-endpoint/fault/v1/network-bandwidth/";
        var start = TestHttp.post(address, prefix + "start", "{\"RateKilobitsPerSecond\":2000,\"Ports\":[5432]}");
        var status = TestHttp.post(address, prefix + "status", "");
        var stop = TestHttp.post(address, prefix + "stop", "");

        assertThat(start.status()).isEqualTo(200);
        assertThat(start.body()).isEqualTo("{\"Status\":\"running\"}");
        assertThat(status.body()).isEqualTo("{\"Status\":\"running\"}");
        assertThat(stop.body()).isEqualTo("{\"Status\":\"stopped\"}");
        assertThat(faults.started).containsExactly(new dev.netfault.bridge.bandwidth.BandwidthSpec(2_000, 0,
                dev.netfault.bridge.target.Targeting.all().withPorts(List.of(5432))));
        assertThat(faults.calls).containsExactly("start bandwidth", "running bandwidth", "stop bandwidth");
    }

    @Test
    void startLoss_conflictWhileLatencyRuns() throws Exception {
        TestHttp.post(address, "/fault/v1/network-latency/start", LATENCY);

        var r = TestHttp.post(address, "/fault/v1/network-packet-loss/start",
                "{\"LossPercent\":7,\"Sources\":[\"198.51.100.0/24\"]}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("{\"Error\":\"There is already one network latency fault running\"}");
    }

    @Test
    void statusAndStop_latencyLifecycle() throws Exception {
        assertThat(TestHttp.post(address, "/fault/v1/network-latency/status", null).body())
                .isEqualTo("{\"Status\":\"not-running\"}");
        assertThat(TestHttp.post(address, "/fault/v1/network-latency/stop", null).body())
                .isEqualTo("{\"Status\":\"stopped\"}");
        TestHttp.post(address, "/fault/v1/network-latency/start", LATENCY);
        assertThat(TestHttp.post(address, "/fault/v1/network-latency/status", "ignored").body())
                .isEqualTo("{\"Status\":\"running\"}");
        assertThat(TestHttp.post(address, "/fault/v1/network-latency/stop", null).body())
                .isEqualTo("{\"Status\":\"stopped\"}");
        assertThat(faults.calls).containsExactly("running latency", "stop latency", "start latency", "running latency",
                "stop latency");
    }

    @Test
    void blackhole_startIdempotentStatusAndStopByKey() throws Exception {
        assertThat(TestHttp.post(address, "/fault/v1/network-blackhole-port/start", BLACKHOLE).body())
                .isEqualTo("{\"Status\":\"running\"}");
        assertThat(TestHttp.post(address, "/fault/v1/network-blackhole-port/start", BLACKHOLE).status()).isEqualTo(200);
        assertThat(TestHttp.post(address, "/fault/v1/network-blackhole-port/status", BLACKHOLE).body())
                .isEqualTo("{\"Status\":\"running\"}");
        assertThat(TestHttp.post(address, "/fault/v1/network-blackhole-port/status",
                "{\"Port\":443,\"Protocol\":\"udp\",\"TrafficType\":\"egress\"}").body())
                .isEqualTo("{\"Status\":\"not-running\"}");
        assertThat(TestHttp.post(address, "/fault/v1/network-blackhole-port/stop", BLACKHOLE).body())
                .isEqualTo("{\"Status\":\"stopped\"}");
        assertThat(faults.started).containsExactly(new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all()));
        assertThat(faults.calls).containsExactly("start blackhole", "start blackhole", "running blackhole:egress-tcp-443",
                "running blackhole:egress-udp-443", "stop blackhole:egress-tcp-443");
    }

    @Test
    void unknownRoute_404Json() throws Exception {
        var r = TestHttp.post(address, "/fault/v1/network-jitter/start", LATENCY);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"Error\":\"no route /fault/v1/network-jitter/start\"}");
        assertThat(TestHttp.post(address, "/api/../fault/v1/network-latency/start", LATENCY).status()).isEqualTo(404);
        assertThat(TestHttp.post(address, "/api/a/b/fault/v1/network-latency/start", LATENCY).status()).isEqualTo(404);
        assertThat(TestHttp.post(address, "/fault/v1/network-latency/start/", LATENCY).status()).isEqualTo(404);
        assertThat(faults.calls).isEmpty();
    }

    @Test
    void wrongMethod_405JsonWithAllow() throws Exception {
        var r = TestHttp.request(address, "GET", "/fault/v1/network-latency/start", null, Map.of());

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("allow", "POST");
        assertThat(r.body()).isEqualTo(
                "{\"Error\":\"method GET not allowed on /fault/v1/network-latency/start (expected: POST)\"}");
        var f = TestHttp.request(address, "PUT", "/faults", null, Map.of());
        assertThat(f.status()).isEqualTo(405);
        assertThat(f.headers()).containsEntry("allow", "GET, DELETE");
        assertThat(faults.calls).isEmpty();
    }

    @Test
    void oversizedBody_413JsonAndClose() throws Exception {
        // declared one byte over 1 MiB: answered from the headers, before the body (whose rest is never sent)
        String head = "POST /fault/v1/network-latency/start HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + (1024 * 1024 + 1) + "\r\n\r\n{\"Sources\":[\"" + "1".repeat(1000);
        try (TestHttp http = new TestHttp(address)) {
            http.sendRaw(head.getBytes(StandardCharsets.ISO_8859_1));
            var r = http.read();

            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"Error\":\"request body too large (expected: at most 1048576 bytes (1 MiB))\"}");
            assertThat(http.closedByPeer()).isTrue();
        }
        assertThat(faults.calls).isEmpty();
        assertThat(TestHttp.post(address, "/fault/v1/network-latency/status", null).status()).isEqualTo(200);
    }

    @Test
    void oversizedBody_announcedWithExpectContinue_sameJson413AndClose() throws Exception {
        String head = "POST /fault/v1/network-latency/start HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                + "Content-Length: " + (1024 * 1024 + 1) + "\r\n\r\n";
        try (TestHttp http = new TestHttp(address)) {
            http.sendRaw(head.getBytes(StandardCharsets.ISO_8859_1));
            var r = http.read();

            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"Error\":\"request body too large (expected: at most 1048576 bytes (1 MiB))\"}");
            assertThat(http.closedByPeer()).isTrue();
        }
        assertThat(faults.calls).isEmpty();
    }

    @Test
    void tenThousandSources_inOneRequestUnderTheLimit_reachTheService() throws Exception {
        StringBuilder body = new StringBuilder("{\"DelayMilliseconds\":100,\"JitterMilliseconds\":0,\"Sources\":[");
        for (int i = 1; i <= 10_000; i++) {
            body.append(i > 1 ? "," : "").append("\"2001:db8::").append(Integer.toHexString(i)).append("/128\"");
        }
        String json = body.append("]}").toString();
        assertThat(json.length()).isGreaterThan(64 * 1024).isLessThan(1024 * 1024);

        var r = TestHttp.post(address, "/fault/v1/network-latency/start", json);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(faults.calls).containsExactly("start latency");
    }

    @Test
    void bearerToken_requiredWhenConfigured() throws Exception {
        address = serve(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)).withToken("s3cret-token"));

        var none = TestHttp.post(address, "/fault/v1/network-latency/status", null);
        var wrong = TestHttp.request(address, "POST", "/fault/v1/network-latency/status", null,
                Map.of("Authorization", "Bearer s3cret-tokeN"));
        var right = TestHttp.request(address, "POST", "/fault/v1/network-latency/status", null,
                Map.of("Authorization", "Bearer s3cret-token"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers()).containsEntry("www-authenticate", "Bearer");
        assertThat(none.body()).isEqualTo(
                "{\"Error\":\"missing or wrong bearer token (expected: Authorization: Bearer <token>)\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(right.status()).isEqualTo(200);
        assertThat(faults.calls).containsExactly("running latency");
    }

    @Test
    void startLatency_409WhenAnotherNetfaultFaultHoldsTheRootQdisc() throws Exception {
        faults.failNext = () -> new SlotTakenException(
                "a netfault tc fault is already active on eth0 (root qdisc prio 4e46:); stop it first");

        var r = TestHttp.post(address, "/fault/v1/network-latency/start", LATENCY);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("{\"Error\":\"a netfault tc fault is already active on eth0 "
                + "(root qdisc prio 4e46:); stop it first\"}");
    }

    @Test
    void startBlackhole_409WhenAnotherNetfaultFaultHoldsTheIngressSlot() throws Exception {
        faults.failNext = () -> new SlotTakenException("a netfault fault already uses the clsact qdisc of eth0; "
                + "stop it first (the egress blackhole fallback needs its own clsact qdisc there)");

        var r = TestHttp.post(address, "/fault/v1/network-blackhole-port/start", BLACKHOLE);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("{\"Error\":\"a netfault fault already uses the clsact qdisc of eth0; "
                + "stop it first (the egress blackhole fallback needs its own clsact qdisc there)\"}");
        assertThat(faults.started).isEmpty();
    }

    @Test
    void startBandwidth_409WhenAnotherNetfaultFaultHoldsTheClsactSlot() throws Exception {
        faults.failNext = () -> new SlotTakenException("a netfault fault already uses the clsact qdisc of eth0; stop it first");

        var r = TestHttp.post(address, "/fault/v1/network-bandwidth/start", "{\"RateKilobitsPerSecond\":2000}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("{\"Error\":\"a netfault fault already uses the clsact qdisc of eth0; stop it first\"}");
        assertThat(faults.started).isEmpty();
    }

    @Test
    void startBandwidth_badRate_400NamesFieldValueAndRange_nothingStarted() throws Exception {
        var r = TestHttp.post(address, "/fault/v1/network-bandwidth/start", "{\"RateKilobitsPerSecond\":0}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"Error\":\"RateKilobitsPerSecond: 0 (expected: 8-10000000)\"}");
        assertThat(faults.started).isEmpty();
    }

    @Test
    void commandFailure_500NamesStepAndKernelMessage() throws Exception {
        faults.failNext = () -> new CommandFailedException(Command.of("tc", "qdisc", "add", "dev", "eth0", "root", "handle",
                "1:", "prio"), new CommandResult(2, "", "Error: Specified qdisc kind is unknown.\n"));

        var r = TestHttp.post(address, "/fault/v1/network-latency/start", LATENCY);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"Error\":\"start network-latency: 'tc qdisc add dev eth0 root handle 1: prio' "
                + "failed (exit 2): Error: Specified qdisc kind is unknown.\"}");
    }

    @Test
    void unexpectedFailure_500WithoutStackTrace() throws Exception {
        faults.failNext = () -> new IllegalStateException("journal not writable");

        var r = TestHttp.post(address, "/fault/v1/network-blackhole-port/status", BLACKHOLE);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"Error\":\"check status network-blackhole-port: internal error: journal not writable\"}");
    }

    @Test
    void slowLifecycle_500RequestTimedOutAfterDeadline() throws Exception {
        address = serve(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)).withDeadline(Duration.ofMillis(300)));
        faults.delay = Duration.ofMillis(1500);
        long t0 = System.nanoTime();

        var r = TestHttp.post(address, "/fault/v1/network-latency/start", LATENCY);

        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"Error\":\"start network-latency: request timed out\"}");
        assertThat(ms).isBetween(250L, 1400L);
    }

    @Test
    void keepAlive_pipelinedRequestsAnsweredInOrderOnOneConnection() throws Exception {
        faults.delay = Duration.ofMillis(50);
        try (TestHttp http = new TestHttp(address)) {
            byte[] three = ("POST /fault/v1/network-latency/start HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + LATENCY.length() + "\r\n\r\n" + LATENCY
                    + "POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    + "POST /fault/v1/network-latency/status HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            http.sendRaw(three);

            var first = http.read();
            var second = http.read();
            var third = http.read();

            assertThat(first.body()).isEqualTo("{\"Status\":\"running\"}");
            assertThat(first.headers()).containsEntry("connection", "keep-alive");
            assertThat(second.status()).isEqualTo(404);
            assertThat(third.body()).isEqualTo("{\"Status\":\"running\"}");
        }
    }

    @Test
    void malformedHttp_400AndClose() throws Exception {
        try (TestHttp http = new TestHttp(address)) {
            http.sendRaw("POST /fault/v1/network-latency/start HTTP/1.1\r\nContent-Length: abc\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            var r = http.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"Error\":\"malformed HTTP request\"}");
        }
        assertThat(faults.calls).isEmpty();
    }
}
