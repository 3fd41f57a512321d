package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code netfault bandwidth start|stop|status} and {@code plan bandwidth}: tc's rate and size units turned into the
 * body's RateKilobitsPerSecond and BurstKilobytes, refused before sending when wrong; the plan golden file is in
 * {@code src/test/resources/plan-golden/} (regenerated with {@code -Dnetfault.updateGolden=true}).
 */
class BandwidthCommandTest extends FakeAgentFixture {

    private static final Path GOLDEN = Path.of("src/test/resources/plan-golden");
    private static final String[] FIXED = {"--assume-default", "--id", "1a2b3c4d", "--at", "2026-11-26T12:00:00Z"};

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--agent", agent.url()));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void rateKbit_acceptsTcsUnitsAndPlainKbit() {
        assertThat(BandwidthUnits.rateKbit("2mbit")).isEqualTo(2_000);
        assertThat(BandwidthUnits.rateKbit("500kbit")).isEqualTo(500);
        assertThat(BandwidthUnits.rateKbit("1gbit")).isEqualTo(1_000_000);
        assertThat(BandwidthUnits.rateKbit("10gbit")).isEqualTo(10_000_000);
        assertThat(BandwidthUnits.rateKbit("2000")).isEqualTo(2_000);
        assertThat(BandwidthUnits.rateKbit("8")).isEqualTo(8);
        assertThat(BandwidthUnits.rateKbit("2MBit")).isEqualTo(2_000);
    }

    @Test
    void rateKbit_refusesOtherUnitsAndRangesNamingWhatIsAccepted() {
        assertThatThrownBy(() -> BandwidthUnits.rateKbit("2mbps")).hasMessage("--rate: '2mbps' (expected: a rate such as"
                + " 500kbit, 2mbit, 1gbit or a plain number of kbit/s; tc's kbps/mbps are bytes per second - say kbit or mbit)");
        assertThatThrownBy(() -> BandwidthUnits.rateKbit("fast")).hasMessage("--rate: 'fast' (expected: a rate such as"
                + " 500kbit, 2mbit, 1gbit or a plain number of kbit/s)");
        assertThatThrownBy(() -> BandwidthUnits.rateKbit("1.5mbit")).hasMessageStartingWith("--rate: '1.5mbit' (expected:");
        assertThatThrownBy(() -> BandwidthUnits.rateKbit("7kbit")).hasMessage("--rate: '7kbit' (expected: 8kbit-10gbit)");
        assertThatThrownBy(() -> BandwidthUnits.rateKbit("11gbit")).hasMessage("--rate: '11gbit' (expected: 8kbit-10gbit)");
        assertThatThrownBy(() -> BandwidthUnits.rateKbit("999999999999gbit"))
                .hasMessage("--rate: '999999999999gbit' (expected: 8kbit-10gbit)");
    }

    @Test
    void burstKbytes_kbMbOrPlain() {
        assertThat(BandwidthUnits.burstKbytes("64kb")).isEqualTo(64);
        assertThat(BandwidthUnits.burstKbytes("1mb")).isEqualTo(1_024);
        assertThat(BandwidthUnits.burstKbytes("32")).isEqualTo(32);
        assertThatThrownBy(() -> BandwidthUnits.burstKbytes("0kb")).hasMessage("--burst: '0kb' (expected: 1kb-1000000kb)");
        assertThatThrownBy(() -> BandwidthUnits.burstKbytes("64kbit")).hasMessage("--burst: '64kbit' (expected: a size such"
                + " as 64kb, 1mb or a plain number of kilobytes)");
    }

    @Test
    void start_sendsTheBody_withoutSourcesWhenNoneAreGiven() {
        CliRun r = run("bandwidth", "start", "--rate", "2mbit", "--burst", "64kb", "--ports", "5201", "--protocol", "tcp",
                "--duration", "60s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(agent.requests()).singleElement().satisfies(q -> {
            assertThat(q.method() + " " + q.path()).isEqualTo("POST /fault/v1/network-bandwidth/start");
            assertThat(q.body()).isEqualTo("{\"RateKilobitsPerSecond\":2000,\"BurstKilobytes\":64,\"DurationSeconds\":60,"
                    + "\"Ports\":[5201],\"Protocol\":\"tcp\"}");
        });
    }

    @Test
    void start_ingressWithSourcesAndInterface() {
        CliRun r = run("bandwidth", "start", "--rate", "500kbit", "--ingress", "--sources", "198.51.100.2",
                "--exclude", "198.51.100.9", "--interface", "eth0");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(agent.requests().get(0).body()).isEqualTo("{\"RateKilobitsPerSecond\":500,\"Sources\":[\"198.51.100.2\"],"
                + "\"SourcesToFilter\":[\"198.51.100.9\"],\"Interface\":\"eth0\",\"TrafficType\":\"ingress\"}");
    }

    @Test
    void start_badRate_isAUsageErrorAndNothingIsSent() {
        CliRun r = run("bandwidth", "start", "--rate", "2mbps");
        CliRun none = run("bandwidth", "start");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: --rate: '2mbps' (expected: a rate such as 500kbit");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required option: '--rate=RATE'");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void stopAndStatus_callTheBandwidthRoutes() {
        CliRun stop = run("bandwidth", "stop");
        CliRun status = run("bandwidth", "status");

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(agent.requests()).extracting(q -> q.method() + " " + q.path())
                .containsExactly("POST /fault/v1/network-bandwidth/stop", "POST /fault/v1/network-bandwidth/status");
    }

    @Test
    void list_showsTheRateAndPorts() {
        agent.answer("GET /faults", new FakeAgent.Answer(200, "[{\"id\":\"1a2b3c4d\",\"type\":\"bandwidth\",\"parameters\":"
                + "{\"RateKilobitsPerSecond\":2000,\"TrafficType\":\"egress\",\"Sources\":[],\"SourcesToFilter\":[],"
                + "\"Ports\":[5201],\"Protocol\":\"tcp\"},\"mechanism\":\"nftables netdev egress mark + tc clsact bpf redirect"
                + " to ifb + tbf\",\"interfaces\":[\"eth0\"],\"expiresAt\":\"2026-11-26T12:01:00Z\"}]"));

        CliRun r = run("list");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("bandwidth").contains("RateKilobitsPerSecond=2000 TrafficType=egress")
                .contains("Ports=[5201] Protocol=tcp");
    }

    @Test
    void plan_bandwidthOnOneTcpPort() throws IOException {
        List<String> all = new ArrayList<>(List.of("plan", "bandwidth", "--rate", "2mbit", "--ports", "5201", "--protocol",
                "tcp", "--duration", "30s"));
        all.addAll(List.of(FIXED));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        Path file = GOLDEN.resolve("bandwidth-ports-tcp.txt");
        if (Boolean.getBoolean("netfault.updateGolden")) {
            Files.writeString(file, r.out(), StandardCharsets.UTF_8);
        }
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("tbf rate 2000kbit").isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
