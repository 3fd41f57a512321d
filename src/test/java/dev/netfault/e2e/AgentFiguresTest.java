package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures issue 3 asks for, measured on the real agent process and printed: agent ready time (process start to
 * {@code /healthz} 200), idle RSS, and API call to verified rule (the agent answers 200 only after reading the rule
 * back from the kernel) over 50 start/stop cycles, each cycle's state confirmed by {@code GET /faults} and every 10th
 * by a full kernel snapshot. Measured twice: plain {@code java -jar}, and through the {@code netfault} launcher with
 * its small-footprint JVM options.
 */
@Tag("privileged")
class AgentFiguresTest {

    static final int CYCLES = 50;

    @TempDir
    Path tmp;

    @Test
    void figures_readyRssAndApplyLatency() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            measure(f, "java -jar");
            if (Files.isReadable(AgentProcess.launcher())) {
                f.agent.terminate(20_000);
                f.awaitAgent(AgentProcess.startWithLauncher(f.a(), f.stateDir));
                measure(f, "launcher");
            } else {
                System.out.println("e2e figures: no launcher at " + AgentProcess.launcher() + ", measured java -jar only");
            }
        }
    }

    static void measure(AgentFixture f, String how) throws Exception {
        assertThat(f.agent.comm()).isEqualTo("java");
        long idleRss = f.agent.rssKb();
        List<Double> start = new ArrayList<>();
        List<Double> stop = new ArrayList<>();
        for (int i = 0; i < CYCLES; i++) {
            AgentClient.Response s = f.startBlackhole(AgentFixture.BLOCKED, "");
            assertThat(s.status()).as(s.body()).isEqualTo(200);
            start.add(s.micros() / 1000.0);
            assertThat(f.client.get("/faults").body()).contains("\"present\":true");
            if (i % 10 == 0) {
                assertThat(f.snapshot()).isNotEqualTo(f.before);
            }
            AgentClient.Response t = f.blackhole("stop", AgentFixture.BLOCKED);
            assertThat(t.body()).isEqualTo("{\"Status\":\"stopped\"}");
            stop.add(t.micros() / 1000.0);
            if (i % 10 == 0) {
                f.assertKernelAsBefore();
            }
        }
        long rssAfter = f.agent.rssKb();
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        System.out.printf("e2e figures [%s, load %s]: agent ready %d ms (process start -> /healthz 200)%n", how, load,
                f.readyMillis);
        System.out.printf("e2e figures [%s]: idle RSS %.1f MB; after %d fault cycles %.1f MB%n", how, idleRss / 1024.0,
                CYCLES, rssAfter / 1024.0);
        System.out.printf("e2e figures [%s]: blackhole start (API call -> verified rule) median %.1f ms, p99 %.1f ms over %d%n",
                how, pct(start, 50), pct(start, 99), CYCLES);
        System.out.printf("e2e figures [%s]: blackhole stop (API call -> revert confirmed) median %.1f ms, p99 %.1f ms over %d%n",
                how, pct(stop, 50), pct(stop, 99), CYCLES);
        assertThat(f.readyMillis).isPositive();
    }

    static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }
}
