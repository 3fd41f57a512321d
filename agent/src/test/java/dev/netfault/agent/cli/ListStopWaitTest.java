package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListStopWaitTest {

    private static final String FAULTS = "[{\"id\":\"1a2b3c4d\",\"type\":\"blackhole\",\"parameters\":{\"Port\":443,"
            + "\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"},\"startedAt\":\"2026-11-26T15:00:00Z\","
            + "\"expiresAt\":\"2026-11-26T15:01:00Z\",\"mechanism\":\"nftables netdev egress\",\"interfaces\":[\"eth0\"],"
            + "\"present\":true,\"counters\":{\"packetsDropped\":12}},"
            + "{\"id\":\"5e6f7a8b\",\"type\":\"loss\",\"parameters\":{\"LossPercent\":20},"
            + "\"expiresAt\":\"2026-11-26T15:05:00Z\",\"mechanism\":\"tc netem\",\"interfaces\":[\"eth0\",\"eth1\"],"
            + "\"present\":false}]";

    private FakeAgent agent;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void list_printsATable() {
        agent.answer("GET /faults", new FakeAgent.Answer(200, FAULTS));

        CliRun r = CliRun.of("list", "--agent", agent.url());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "ID        TYPE       PARAMETERS                                MECHANISM               INTERFACES  EXPIRES               KERNEL\n"
                + "1a2b3c4d  blackhole  Port=443 Protocol=tcp TrafficType=egress  nftables netdev egress  eth0        2026-11-26T15:01:00Z  present packetsDropped=12\n"
                + "5e6f7a8b  loss       LossPercent=20                            tc netem                eth0,eth1   2026-11-26T15:05:00Z  missing\n");
    }

    @Test
    void list_emptySaysSo() {
        agent.answer("GET /faults", new FakeAgent.Answer(200, "[]"));

        assertThat(CliRun.of("list", "--agent", agent.url()).out()).isEqualTo("no active faults\n");
    }

    @Test
    void list_jsonPrintsTheAgentsAnswer() {
        agent.answer("GET /faults", new FakeAgent.Answer(200, "{\"faults\":[{\"id\":\"1a2b3c4d\"}]}"));

        CliRun r = CliRun.of("list", "-o", "json", "--agent", agent.url());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualToNormalizingNewlines("{\n  \"faults\" : [ {\n    \"id\" : \"1a2b3c4d\"\n  } ]\n}\n");
    }

    @Test
    void list_badOutputFormatIsAUsageError() {
        CliRun r = CliRun.of("list", "--output", "yaml", "--agent", agent.url());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--output'");
    }

    @Test
    void stopAll_deletesFaultsAndNamesWhatStopped() {
        agent.answer("DELETE /faults", new FakeAgent.Answer(200, FAULTS));

        CliRun r = CliRun.of("stop", "--all", "--agent", agent.url());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("stopped: blackhole 1a2b3c4d\nstopped: loss 5e6f7a8b\n");
        assertThat(agent.requests()).extracting(q -> q.method() + " " + q.path()).containsExactly("DELETE /faults");
    }

    @Test
    void stop_withoutAllIsAUsageError() {
        CliRun r = CliRun.of("stop", "--agent", agent.url());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--all'");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void latencyStartWait_blocksUntilTheFaultEnds() {
        agent.answer("POST /fault/v1/network-latency/status",
                new FakeAgent.Answer(200, "{\"Status\":\"running\"}"),
                new FakeAgent.Answer(200, "{\"Status\":\"not-running\"}"));

        CliRun r = CliRun.of("latency", "start", "--delay", "100ms", "--duration", "2s", "--wait", "--agent", agent.url());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("latency: running\n");
        assertThat(r.err()).contains("\r[###############...............] 1s/2s latency: running ")
                .endsWith("\r[##############################] 2s/2s latency: not-running\n");
        assertThat(agent.requests()).extracting(FakeAgent.Request::path).containsExactly(
                "/fault/v1/network-latency/start", "/fault/v1/network-latency/status", "/fault/v1/network-latency/status");
    }
}
