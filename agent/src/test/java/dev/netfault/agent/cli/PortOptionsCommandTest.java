package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --ports} and {@code --protocol} on latency and loss: sent as the Ports and Protocol extensions, refused before
 * sending when out of range, shown by {@code plan} (golden files in {@code src/test/resources/plan-golden/}, regenerated
 * with {@code -Dnetfault.updateGolden=true}) and by {@code list}.
 */
class PortOptionsCommandTest extends FakeAgentFixture {

    private static final Path GOLDEN = Path.of("src/test/resources/plan-golden");
    private static final String[] FIXED = {"--assume-default", "--id", "1a2b3c4d", "--at", "2026-11-26T12:00:00Z"};

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--agent", agent.url()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static void assertPlanGolden(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("plan"));
        all.addAll(List.of(args));
        all.addAll(List.of(FIXED));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("netfault.updateGolden")) {
            Files.writeString(file, r.out(), StandardCharsets.UTF_8);
        }
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void lossStart_sendsPortsAndProtocol() {
        CliRun r = run("loss", "start", "--percent", "20", "--sources", "198.51.100.2", "--ports", "9001,9003",
                "--protocol", "udp");

        assertThat(r.exitCode()).isZero();
        assertThat(agent.requests()).singleElement().satisfies(q -> {
            assertThat(q.method() + " " + q.path()).isEqualTo("POST /fault/v1/network-packet-loss/start");
            assertThat(q.body()).isEqualTo("{\"LossPercent\":20,\"Sources\":[\"198.51.100.2\"],\"Ports\":[9001,9003],"
                    + "\"Protocol\":\"udp\"}");
        });
    }

    @Test
    void latencyStart_sendsPortsAndProtocol() {
        CliRun r = run("latency", "start", "--delay", "100ms", "--ports", "5432", "--protocol", "tcp");

        assertThat(r.exitCode()).isZero();
        assertThat(agent.requests().get(0).body()).isEqualTo("{\"DelayMilliseconds\":100,\"JitterMilliseconds\":0,"
                + "\"Sources\":[\"0.0.0.0/0\",\"::/0\"],\"Ports\":[5432],\"Protocol\":\"tcp\"}");
    }

    @Test
    void start_badPortsOrProtocol_isAUsageErrorAndNothingIsSent() {
        CliRun zero = run("loss", "start", "--percent", "20", "--ports", "80,0");
        CliRun twice = run("latency", "start", "--delay", "1s", "--ports", "80,80");
        CliRun sctp = run("loss", "start", "--percent", "20", "--protocol", "sctp");

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).startsWith("netfault: --ports: 0 (expected: 1-65535)\n");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).startsWith("netfault: --ports: [80, 80] (expected: distinct ports)\n");
        assertThat(sctp.exitCode()).isEqualTo(2);
        assertThat(sctp.err()).startsWith("netfault: --protocol: 'sctp' (expected: tcp or udp)\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void help_namesBothOptions() {
        CliRun r = CliRun.of("loss", "start", "--help");

        assertThat(r.out()).contains("--ports=PORT[,PORT...]").contains("--protocol=tcp|udp")
                .contains("Impair only packets to these destination ports");
    }

    @Test
    void list_showsPortsAndProtocol() {
        agent.answer("GET /faults", new FakeAgent.Answer(200, "[{\"id\":\"1a2b3c4d\",\"type\":\"loss\",\"parameters\":"
                + "{\"LossPercent\":20,\"TrafficType\":\"egress\",\"Ports\":[9001],\"Protocol\":\"udp\"},"
                + "\"mechanism\":\"nft netdev egress\",\"interfaces\":[\"eth0\"],\"expiresAt\":\"2026-11-26T12:01:00Z\"}]"));

        CliRun r = run("list");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("LossPercent=20 TrafficType=egress Ports=[9001] Protocol=udp");
    }

    @Test
    void plan_lossOnOneUdpPort() throws IOException {
        assertPlanGolden("loss-ports-udp", "loss", "--percent", "20", "--sources", "198.51.100.2", "--ports", "9001",
                "--protocol", "udp", "--duration", "30s");
    }

    @Test
    void plan_latencyOnTwoTcpPorts() throws IOException {
        assertPlanGolden("latency-ports-tcp", "latency", "--delay", "100ms", "--ports", "5432,5433", "--protocol", "tcp",
                "--duration", "60s");
    }
}
