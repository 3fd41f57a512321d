package dev.netfault.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, items 3-6, through the image (netfault/agent:dev, or {@code -Dnetfault.agentImage}): its size; process
 * start of the entrypoint's command to {@code /healthz} 200 and to the probe done ({@value #STARTS} containers); the
 * first fault after the probe against later ones; idle RSS and the container's cgroup memory after 1,000 and 11,000
 * requests; 10,000 Sources in one request; a body over the limit. Each container runs
 * {@code image-bench.sh} (beside this class) with {@code --network none}: loopback and a veth pair of its own.
 */
@Tag("bench")
class ImageBenchTest {

    static final int STARTS = 7;
    static final String IMAGE = System.getProperty("netfault.agentImage", "netfault/agent:dev");
    static final String SECTION = "4 image";

    @Test
    void image_sizeReadyMemoryAndLargeRequests() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker")), "docker is not installed: image benchmarks skipped");
        Run inspect = docker(List.of("docker", "image", "inspect", IMAGE));
        assumeTrue(inspect.exit() == 0, () -> IMAGE + " is not built (scripts/docker-up.sh): image benchmarks skipped");
        JsonNode config = new ObjectMapper().readTree(inspect.out()).get(0);
        double mb = config.get("Size").asLong() / 1e6;
        BenchReport.row(SECTION, "image size " + IMAGE, mb, "MB", "<= 150 MB", mb <= 150,
                "docker image inspect (" + Math.round(config.get("Size").asLong() / 1048576.0) + " MiB)");
        List<String> entrypoint = new ArrayList<>();
        config.at("/Config/Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        assertThat(entrypoint).as("the image's entrypoint").isNotEmpty();

        Series ready = new Series("ready");
        Series probeDone = new Series("probe done");
        Series probe = new Series("probe");
        for (int i = 0; i < STARTS; i++) {
            Map<String, String> r = bench("ready", entrypoint);
            ready.add(num(r, "ready_ms"));
            probeDone.add(num(r, "probe_done_ms"));
            probe.add(num(r, "probe_ms"));
        }
        String load = load();
        BenchReport.row(SECTION, "entrypoint process start -> /healthz 200, median", ready.median(), "ms", "<= 300 ms",
                ready.median() <= 300, "n=" + STARTS + ", max " + fmt(ready.max()) + " ms; /healthz says probe running;"
                        + " load " + load);
        BenchReport.row(SECTION, "entrypoint process start -> /healthz probe done, median", probeDone.median(), "ms",
                "n=" + STARTS + "; of which the capability probe " + fmt(probe.median()) + " ms (agent log)");

        Map<String, String> r = bench("full", entrypoint);
        double first = num(r, "fault_s_0") * 1000;
        Series later = new Series("later faults");
        for (int i = 1; i <= 10; i++) {
            later.add(num(r, "fault_s_" + i) * 1000);
        }
        BenchReport.row(SECTION, "first blackhole start after the probe / later ones (median of 10)",
                first / later.median(), "x", "<= 2x", first / later.median() <= 2,
                fmt(first) + " ms / " + fmt(later.median()) + " ms, start -> 200 (verified in the kernel)");
        double rss1k = num(r, "rss_kb_1000") / 1024;
        double rss11k = num(r, "rss_kb_11000") / 1024;
        double cg1k = num(r, "cgroup_nofile_bytes_1000") / 1048576;
        double cg11k = num(r, "cgroup_nofile_bytes_11000") / 1048576;
        assertThat(r.get("answers_1000")).as("1,000 requests").isEqualTo("200:1000");
        assertThat(r.get("answers_10000")).as("10,000 requests").isEqualTo("200:10000");
        BenchReport.row(SECTION, "idle RSS after 1,000 requests", rss1k, "MB", "<= 56 MB", rss1k <= 56,
                "VmRSS 2 s after; at ready " + fmt(num(r, "rss_kb_ready") / 1024) + " MB; " + r.get("threads_1000")
                        + " threads; of it anonymous " + fmt(num(r, "rss_anon_kb_1000") / 1024) + " MB, class-data archive "
                        + fmt(num(r, "rss_jsa_kb_1000") / 1024) + " MB (its written pages anonymous too), libjvm "
                        + fmt(num(r, "rss_libjvm_kb_1000") / 1024) + " MB");
        BenchReport.row(SECTION, "container memory after 1,000 requests", cg1k, "MB", "<= 56 MB", cg1k <= 56,
                "cgroup usage less inactive file (docker stats), total " + fmt(num(r, "cgroup_bytes_1000") / 1048576)
                        + " MB");
        BenchReport.row(SECTION, "growth over 10,000 more requests: RSS / container memory", rss11k - rss1k, "MB",
                "<= 5 MB", rss11k - rss1k <= 5 && cg11k - cg1k <= 5, "container memory +" + fmt(cg11k - cg1k) + " MB");
        Series sources = new Series("10,000 sources");
        for (int i = 1; i <= 3; i++) {
            sources.add(num(r, "sources_s_" + i) * 1000);
        }
        BenchReport.row(SECTION, "10,000 Sources in one API request: loss start -> 200 (applied, verified), median",
                sources.median(), "ms", "<= 100 ms", sources.median() <= 100,
                "n=3, body " + Math.round(num(r, "sources_body_bytes") / 1024) + " KiB, nft set");
        assertThat(r.get("oversized")).as("a body of 1 MiB + 1 byte")
                .isEqualTo("{\"Error\":\"request body too large (expected: at most 1048576 bytes (1 MiB))\"} 413");
    }

    private static Map<String, String> bench(String mode, List<String> entrypoint) throws Exception {
        Path script = Path.of(System.getProperty("netfault.root", "."),
                "src/test/resources/dev/netfault/e2e/bench/image-bench.sh").toAbsolutePath().normalize();
        List<String> argv = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "none", "--cap-add",
                "NET_ADMIN", "--cap-drop", "NET_RAW", "-v", script + ":/bench.sh:ro", "--entrypoint", "bash", IMAGE,
                "/bench.sh", mode));
        argv.addAll(entrypoint);
        Run run = docker(argv);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : run.out().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z_0-9]+")) {
                values.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        assertThat(values).as("image-bench.sh %s:%n%s", mode, run.out()).doesNotContainKey("error");
        assertThat(run.exit()).as("image-bench.sh %s:%n%s", mode, run.out()).isZero();
        return values;
    }

    private static double num(Map<String, String> values, String key) {
        assertThat(values).as("image-bench.sh printed " + key).containsKey(key);
        return Double.parseDouble(values.get(key));
    }

    record Run(int exit, String out) {
    }

    private static Run docker(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
