package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only a real process shows: the environment defaults and the revert of {@code --wait} on SIGTERM / Ctrl-C. */
class ProcessLevelTest {

    private FakeAgent agent;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private Process netfault(Map<String, String> env, String... args) throws IOException {
        List<String> argv = new ArrayList<>(DemoCommand.javaCommand());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().remove("NETFAULT_AGENT");
        pb.environment().remove("NETFAULT_TOKEN");
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void environment_agentAndTokenComeFromTheEnvironment() throws Exception {
        Process p = netfault(Map.of("NETFAULT_AGENT", agent.url(), "NETFAULT_TOKEN", "t0ken"), "latency", "status");

        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("latency: running\n");
        assertThat(agent.requests()).singleElement().isEqualTo(
                new FakeAgent.Request("POST", "/fault/v1/network-latency/status", "", "Bearer t0ken"));
    }

    @Test
    void wait_sigtermRevertsTheFault() throws Exception {
        Process p = netfault(Map.of(), "blackhole", "start", "--port", "443", "--duration", "1h", "--wait",
                "--agent", agent.url());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (agent.requests().stream().noneMatch(r -> r.path().endsWith("/status")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        p.toHandle().destroy(); // SIGTERM (streams stay open), as Ctrl-C's SIGINT runs the same shutdown hooks
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(out).startsWith("blackhole egress-tcp-443: running\n")
                .contains("blackhole egress-tcp-443: stopped (reverted on exit)");
        List<FakeAgent.Request> requests = agent.requests();
        assertThat(requests.get(0).path()).isEqualTo("/fault/v1/network-blackhole-port/start");
        assertThat(requests.get(requests.size() - 1)).isEqualTo(new FakeAgent.Request("POST",
                "/fault/v1/network-blackhole-port/stop", "{\"Port\":443,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}", null));
    }
}
