package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCommandsTest {

    private FakeAgent agent;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--agent";
        all[args.length + 1] = agent.url();
        return CliRun.of(all);
    }

    @Test
    void latencyStart_sendsEveryOptionAsEcsJson() {
        CliRun r = run("latency", "start", "--delay", "200ms", "--jitter", "10ms", "--sources", "198.51.100.2,2001:db8::/32",
                "--exclude", "198.51.100.9", "--interface", "eth0", "--duration", "1m", "--flows", "50", "--ingress",
                "--correlation", "25", "--distribution", "normal");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("latency: running\n");
        assertThat(agent.requests()).singleElement().satisfies(q -> {
            assertThat(q.method() + " " + q.path()).isEqualTo("POST /fault/v1/network-latency/start");
            assertThat(q.body()).isEqualTo("{\"DelayMilliseconds\":200,\"JitterMilliseconds\":10,"
                    + "\"Sources\":[\"198.51.100.2\",\"2001:db8::/32\"],\"SourcesToFilter\":[\"198.51.100.9\"],"
                    + "\"Interface\":\"eth0\",\"DurationSeconds\":60,\"FlowsPercent\":50,\"TrafficType\":\"ingress\","
                    + "\"CorrelationPercent\":25,\"Distribution\":\"normal\"}");
            assertThat(q.authorization()).isNull();
        });
    }

    @Test
    void latencyStart_withoutSourcesImpairsEveryAddress() {
        CliRun r = run("latency", "start", "--delay", "1s");

        assertThat(r.exitCode()).isZero();
        assertThat(agent.requests().get(0).body())
                .isEqualTo("{\"DelayMilliseconds\":1000,\"JitterMilliseconds\":0,\"Sources\":[\"0.0.0.0/0\",\"::/0\"]}");
    }

    @Test
    void latencyStart_conflictExits3WithTheAgentsMessage() {
        agent.answer("POST /fault/v1/network-latency/start",
                new FakeAgent.Answer(409, "{\"Error\":\"There is already one network latency fault running\"}"));

        CliRun r = run("latency", "start", "--delay", "200ms");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("netfault: agent answered 409: There is already one network latency fault running\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void latencyStart_agentFailureExits1() {
        agent.answer("POST /fault/v1/network-latency/start", new FakeAgent.Answer(500,
                "{\"Error\":\"apply: 'tc qdisc add dev eth0 root handle 4e46: prio' failed (exit 2): Error: Specified qdisc kind is unknown.\"}"));

        CliRun r = run("latency", "start", "--delay", "200ms");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("agent answered 500: apply: 'tc qdisc add dev eth0 root handle 4e46: prio' failed");
    }

    @Test
    void latencyStart_unreachableAgentExits1() {
        CliRun r = CliRun.of("latency", "start", "--delay", "200ms", "--agent", "http://127.0.0.1:1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("netfault: cannot reach the agent at http://127.0.0.1:1");
    }

    @Test
    void latencyStart_durationWithoutUnitIsAUsageError() {
        CliRun r = run("latency", "start", "--delay", "200");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--delay': duration: '200' "
                + "(expected: a positive number with ms, s, m or h, such as 250ms, 30s, 5m or 2h)");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void latencyStart_missingDelayIsAUsageError() {
        CliRun r = run("latency", "start");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--delay=DURATION'");
    }

    @Test
    void latencyStart_hostNameSourceIsAUsageError() {
        CliRun r = run("latency", "start", "--delay", "200ms", "--sources", "example.org");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("address: 'example.org' (expected: an IPv4 or IPv6 address or CIDR");
    }

    @Test
    void latencyStart_fractionalDurationSecondsIsAUsageError() {
        CliRun r = run("latency", "start", "--delay", "200ms", "--duration", "1500ms");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: --duration: 1500ms (expected: whole seconds from 1s to 12h)\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void latencyStop_postsNoBody() {
        CliRun r = run("latency", "stop");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("latency: stopped\n");
        assertThat(agent.requests()).singleElement()
                .isEqualTo(new FakeAgent.Request("POST", "/fault/v1/network-latency/stop", "", null));
    }

    @Test
    void lossStatus_printsNotRunning() {
        agent.answer("POST /fault/v1/network-packet-loss/status", new FakeAgent.Answer(200, "{\"Status\":\"not-running\"}"));

        CliRun r = run("loss", "status");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("loss: not-running\n");
    }

    @Test
    void lossStart_burstSendsTheLossModel() {
        CliRun r = run("loss", "start", "--percent", "7", "--burst", "4", "--sources", "198.51.100.0/24");

        assertThat(r.exitCode()).isZero();
        assertThat(agent.requests().get(0).path()).isEqualTo("/fault/v1/network-packet-loss/start");
        assertThat(agent.requests().get(0).body()).isEqualTo(
                "{\"LossPercent\":7,\"Sources\":[\"198.51.100.0/24\"],\"LossModel\":\"burst\",\"MeanBurstPackets\":4}");
    }

    @Test
    void blackholeStart_sendsKeyAndTargeting() {
        CliRun r = run("blackhole", "start", "--port", "443", "--protocol", "UDP", "--direction", "ingress",
                "--sources", "198.51.100.7", "--exclude", "198.51.100.8/32", "--duration", "30s");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("blackhole ingress-udp-443: running\n");
        assertThat(agent.requests().get(0).body()).isEqualTo("{\"Port\":443,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\","
                + "\"Sources\":[\"198.51.100.7\"],\"SourcesToFilter\":[\"198.51.100.8\"],\"DurationSeconds\":30}");
    }

    @Test
    void blackholeStop_sendsTheKey() {
        CliRun r = run("blackhole", "stop", "--port", "443");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("blackhole egress-tcp-443: stopped\n");
        assertThat(agent.requests()).singleElement().isEqualTo(new FakeAgent.Request("POST",
                "/fault/v1/network-blackhole-port/stop", "{\"Port\":443,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}", null));
    }

    @Test
    void blackholeStatus_badProtocolIsAUsageError() {
        CliRun r = run("blackhole", "status", "--port", "53", "--protocol", "icmp");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: --protocol: 'icmp' (expected: tcp or udp)\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void blackholeStart_portOutOfRangeIsAUsageError() {
        CliRun r = run("blackhole", "start", "--port", "70000");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: --port: 70000 (expected: 1-65535)\n");
    }

    @Test
    void group_withoutSubcommandIsAUsageError() {
        CliRun r = CliRun.of("latency");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing subcommand: start, stop or status");
    }

    @Test
    void tokenFile_isSentAsBearer(@TempDir Path dir) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret\n");

        CliRun r = run("latency", "status", "--token-file", token.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(agent.requests().get(0).authorization()).isEqualTo("Bearer s3cret");
    }

    @Test
    void tokenFile_missingIsAUsageError(@TempDir Path dir) {
        CliRun r = run("latency", "status", "--token-file", dir.resolve("absent").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: --token-file: cannot read " + dir.resolve("absent"));
    }
    @Test
    void everyClientCommand_unreachableAgentExits1() {
        List<List<String>> commands = List.of(List.of("latency", "start", "--delay", "1ms"), List.of("latency", "stop"),
                List.of("latency", "status"), List.of("loss", "start", "--percent", "5"), List.of("loss", "stop"),
                List.of("loss", "status"), List.of("blackhole", "start", "--port", "1"), List.of("blackhole", "stop", "--port", "1"),
                List.of("blackhole", "status", "--port", "1"), List.of("list"), List.of("stop", "--all"));
        for (List<String> c : commands) {
            List<String> args = new java.util.ArrayList<>(c);
            args.addAll(List.of("--agent", "http://127.0.0.1:1"));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", c)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", c)).startsWith("netfault: cannot reach the agent at http://127.0.0.1:1");
        }
    }

    @Test
    void everyStart_conflictExits3() {
        for (String route : List.of("network-latency", "network-packet-loss", "network-blackhole-port")) {
            agent.answer("POST /fault/v1/" + route + "/start", new FakeAgent.Answer(409, "{\"Error\":\"busy\"}"));
        }
        assertThat(run("latency", "start", "--delay", "5ms").exitCode()).isEqualTo(3);
        assertThat(run("loss", "start", "--percent", "5").exitCode()).isEqualTo(3);
        assertThat(run("blackhole", "start", "--port", "53", "--protocol", "udp").exitCode()).isEqualTo(3);
    }

    @Test
    void status_agentBadRequestExits1WithItsMessage() {
        agent.answer("POST /fault/v1/network-blackhole-port/status",
                new FakeAgent.Answer(400, "{\"Error\":\"required parameter Port is missing\"}"));

        CliRun r = run("blackhole", "status", "--port", "80");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("netfault: agent answered 400: required parameter Port is missing\n");
    }
}
