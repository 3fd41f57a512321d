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
 * {@code netfault plan} on the assumed default namespace, compared byte for byte with the expected text in
 * {@code src/test/resources/plan-golden/}. After an intended planner change, regenerate them with
 * {@code -Dnetfault.updateGolden=true} and review the diff.
 */
class PlanGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/plan-golden");
    private static final String[] FIXED = {"--assume-default", "--id", "1a2b3c4d", "--at", "2026-11-26T12:00:00Z"};

    private static CliRun plan(String... args) {
        List<String> all = new ArrayList<>(List.of("plan"));
        all.addAll(List.of(args));
        all.addAll(List.of(FIXED));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static void assertGolden(String name, CliRun r) throws IOException {
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("netfault.updateGolden")) {
            Files.writeString(file, r.out(), StandardCharsets.UTF_8);
        }
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void plan_egressBlackhole() throws IOException {
        assertGolden("blackhole-egress", plan("blackhole", "--port", "443", "--duration", "60s"));
    }

    @Test
    void plan_ingressBlackholeWithSources() throws IOException {
        assertGolden("blackhole-ingress-sources", plan("blackhole", "--port", "8080", "--protocol", "udp", "--direction",
                "ingress", "--sources", "198.51.100.7,2001:db8::/32", "--exclude", "198.51.100.8", "--duration", "5m"));
    }

    @Test
    void plan_randomLossWithSources() throws IOException {
        assertGolden("loss-random-sources", plan("loss", "--percent", "20", "--sources", "198.51.100.2", "--duration", "30s"));
    }

    @Test
    void plan_burstLossOnOneInterface() throws IOException {
        assertGolden("loss-burst", plan("loss", "--percent", "7", "--burst", "4", "--interface", "eth0", "--duration", "30s"));
    }

    @Test
    void plan_latencyWithJitterSourcesAndExclusions() throws IOException {
        assertGolden("latency-jitter-sources", plan("latency", "--delay", "200ms", "--jitter", "10ms", "--sources",
                "198.51.100.0/24", "--exclude", "198.51.100.9", "--duration", "60s"));
    }

    @Test
    void plan_ingressLatencyWithDistribution() throws IOException {
        assertGolden("latency-ingress-normal", plan("latency", "--delay", "50ms", "--jitter", "5ms", "--distribution",
                "normal", "--correlation", "25", "--ingress", "--duration", "2m"));
    }

    @Test
    void plan_withTheLeaseOfTheAgentItIsFor() throws IOException {
        CliRun r = plan("blackhole", "--port", "443", "--duration", "60s", "--lease", "5s");
        CliRun d = plan("blackhole", "--port", "443", "--duration", "60s");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(d.out().replace("15000", "5000"));
        assertThat(r.out()).contains("elements = { ip timeout 5000ms, ip6 timeout 5000ms }",
                "or 5000 ms after the agent's last renewal of its lease");
    }

    @Test
    void plan_aLeaseOutsideWhatServeAccepts_isRefusedNamingTheRange() {
        CliRun r = plan("blackhole", "--port", "443", "--lease", "1s");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("lease: 1000ms (expected: 3s-10m, whole milliseconds)");
    }

    @Test
    void probe_withoutRootAssumesTheDefaultAndSaysWhy() throws InterruptedException {
        NamespaceView v = NamespaceView.probe(java.util.Optional.empty(), false, false);

        assertThat(v.facts()).isEqualTo(NamespaceView.assumedDefault());
        assertThat(v.comment()).isEqualTo("# assuming a default namespace (one interface eth0 with the kernel-default"
                + " root qdisc, every capability): not running as root (no CAP_NET_ADMIN), so this namespace cannot be probed");
    }

    @Test
    void plan_startsWithTheAssumptionComment() {
        CliRun r = plan("blackhole", "--port", "443");

        assertThat(r.out()).startsWith("# assuming a default namespace (one interface eth0 with the kernel-default root"
                + " qdisc, every capability): --assume-default\n# fault 1a2b3c4d (blackhole) via ");
    }

    @Test
    void plan_unknownInterfaceIsAUsageError() {
        CliRun r = plan("blackhole", "--port", "443", "--interface", "eth9");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: interface: 'eth9' (expected: one of [lo, eth0])");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void plan_invalidRequestIsRefusedWithTheAgentsMessage() {
        CliRun r = plan("latency", "--delay", "0ms");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault: required either DelayMilliseconds or JitterMilliseconds to be non-zero\n");
    }

    @Test
    void plan_withoutKindIsAUsageError() {
        CliRun r = CliRun.of("plan");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing fault kind: latency, loss, blackhole, impairment, bandwidth");
    }
}
