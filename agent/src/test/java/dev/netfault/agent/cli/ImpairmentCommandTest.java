package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code netfault impair start|stop|status} against a fake agent, and {@code netfault plan impair} (a golden plan). */
class ImpairmentCommandTest extends FakeAgentFixture {

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--agent";
        all[args.length + 1] = agent.url();
        return CliRun.of(all);
    }

    @Test
    void impairStart_sendsEveryOptionAsJson_percentWithOrWithoutTheSign() {
        CliRun r = run("impair", "start", "--delay", "50ms", "--jitter", "5ms", "--correlation", "25%", "--distribution",
                "normal", "--loss", "2%", "--burst", "3", "--corrupt", "1", "--duplicate", "1%", "--reorder", "10%",
                "--sources", "198.51.100.2", "--exclude", "198.51.100.9", "--interface", "eth0", "--duration", "1m",
                "--flows", "50", "--ingress");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("impairment: running\n");
        assertThat(agent.requests()).singleElement().satisfies(q -> {
            assertThat(q.method() + " " + q.path()).isEqualTo("POST /fault/v1/network-impairment/start");
            assertThat(q.body()).isEqualTo("{\"DelayMilliseconds\":50,\"JitterMilliseconds\":5,\"CorrelationPercent\":25,"
                    + "\"Distribution\":\"normal\",\"LossPercent\":2,\"LossModel\":\"burst\",\"MeanBurstPackets\":3,"
                    + "\"CorruptPercent\":1,\"DuplicatePercent\":1,\"ReorderPercent\":10,\"Sources\":[\"198.51.100.2\"],"
                    + "\"SourcesToFilter\":[\"198.51.100.9\"],\"Interface\":\"eth0\",\"DurationSeconds\":60,"
                    + "\"FlowsPercent\":50,\"TrafficType\":\"ingress\"}");
        });
    }

    @Test
    void impairStart_onlyWhatIsGiven_everyAddressByDefault() {
        CliRun r = run("impairment", "start", "--duplicate", "10");

        assertThat(r.exitCode()).isZero();
        assertThat(agent.requests().get(0).body()).isEqualTo("{\"DuplicatePercent\":10,\"Sources\":[\"0.0.0.0/0\",\"::/0\"]}");
    }

    @Test
    void impairStart_badPercentIsAUsageError_nothingSent() {
        CliRun r = run("impair", "start", "--loss", "2.5%");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--loss': percent: '2.5%' (expected: a whole number 0-100,"
                + " such as 2% or 2)");
        assertThat(run("impair", "start", "--duplicate", "101").err()).contains("percent: '101'");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void impairStart_conflictExits3WithTheAgentsMessage() {
        agent.answer("POST /fault/v1/network-impairment/start",
                new FakeAgent.Answer(409, "{\"Error\":\"There is already one network latency fault running\"}"));

        CliRun r = run("impair", "start", "--delay", "50ms");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("netfault: agent answered 409: There is already one network latency fault running\n");
    }

    @Test
    void impairStopAndStatus_postNoBodyToTheRoute() {
        agent.answer("POST /fault/v1/network-impairment/status", new FakeAgent.Answer(200, "{\"Status\":\"not-running\"}"));

        assertThat(run("impair", "stop").exitCode()).isZero();
        CliRun status = run("impair", "status");

        assertThat(status.out()).isEqualTo("impairment: not-running\n");
        assertThat(agent.requests()).extracting(q -> q.method() + " " + q.path() + " " + q.body()).containsExactly(
                "POST /fault/v1/network-impairment/stop ", "POST /fault/v1/network-impairment/status ");
    }

    @Test
    void help_namesEveryImpairment() {
        CliRun r = CliRun.of("impair", "start", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--delay=DURATION", "--jitter=DURATION", "--loss=PERCENT", "--burst=N",
                "--corrupt=PERCENT", "--duplicate=PERCENT", "--reorder=PERCENT", "--sources=CIDR", "--ingress", "--wait");
    }

    @Test
    void help_percentExamples_areFormatted_withoutPicocliWarnings() {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, StandardCharsets.UTF_8));
        CliRun r;
        try {
            r = CliRun.of("impair", "start", "--help");
        } finally {
            System.setErr(before);
        }

        assertThat(r.out()).contains("Packets dropped, e.g. 2%.", "Packets sent twice, e.g. 1%.",
                "25% (needs --delay).");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void plan_impairment_goldenCommands() throws IOException {
        CliRun r = CliRun.of("plan", "impair", "--delay", "50ms", "--loss", "2%", "--duplicate", "1%", "--reorder", "10",
                "--sources", "198.51.100.2", "--duration", "60s", "--assume-default", "--id", "1a2b3c4d", "--at",
                "2026-11-26T12:00:00Z");
        Path file = Path.of("src/test/resources/plan-golden/impairment-delay-loss-duplicate-reorder.txt");
        if (Boolean.getBoolean("netfault.updateGolden")) {
            Files.writeString(file, r.out(), StandardCharsets.UTF_8);
        }

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void plan_reorderWithoutDelay_refusedWithTheAgentsMessage() {
        CliRun r = CliRun.of("plan", "impair", "--reorder", "10", "--assume-default");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: ReorderPercent: 10 (expected: a non-zero DelayMilliseconds;");
    }
}
