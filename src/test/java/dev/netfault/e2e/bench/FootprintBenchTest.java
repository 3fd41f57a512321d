package dev.netfault.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 3: process start to {@code /healthz} 200 (median of {@value #STARTS} starts through the launcher with
 * its default JVM flags, and fewer starts with other flag sets for comparison), idle RSS after 1,000 requests, and RSS
 * under a storm of {@value #STORM_CLIENTS} concurrent clients for 5 s.
 */
@Tag("bench")
class FootprintBenchTest {

    static final int STARTS = 10;
    static final int STORM_CLIENTS = 50;
    static final String PROPOSED = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss256k -XX:MaxRAM=256m -Xmx32m"
            + " -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:CICompilerCount=1"
            + " -Dio.netty.allocator.type=unpooled -Xshare:auto";
    static final String READ_ROUTES = "/healthz,/faults,/metrics";
    static final Pattern PROBE = Pattern.compile("capability probe took (\\d+) ms");

    @TempDir
    Path tmp;

    @Test
    void footprint_readyAndRss() throws Exception {
        try (BenchSetup s = BenchSetup.create(tmp)) {
            Series probe = new Series("probe");
            Series launcher = starts(s, null, STARTS, probe);
            BenchReport.row("3 footprint", "start -> /healthz 200, launcher defaults, median", launcher.median(), "ms",
                    "<= 300 ms", launcher.median() <= 300, "n=" + STARTS + ", p99 " + fmt(launcher.p(99)) + " ms");
            BenchReport.row("3 footprint", "of which the capability probe (agent log), median", probe.median(), "ms",
                    "n=" + probe.count());
            Series plain = starts(s, "-Xshare:auto", 3, new Series("probe"));
            BenchReport.row("3 footprint", "start -> /healthz 200, plain java (no flags), median", plain.median(), "ms",
                    "n=3");
            Path jsa = tmp.resolve("netfault.jsa");
            String defaults = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:MaxRAM=256m";
            s.agent.close();
            s.startAgent(defaults + " -XX:ArchiveClassesAtExit=" + jsa);
            s.agent.close();
            if (Files.isRegularFile(jsa)) {
                Series cds = starts(s, defaults + " -XX:SharedArchiveFile=" + jsa, 3, new Series("probe"));
                BenchReport.row("3 footprint", "start -> /healthz 200, launcher flags + AppCDS archive, median",
                        cds.median(), "ms", "n=3, archive " + Files.size(jsa) / 1024 / 1024 + " MB");
            }

            s.agent.close();
            s.startAgent(null);
            assertThat(s.agent.alive()).as("the agent that answered is the one just started").isTrue();
            long fresh = s.agent.rssKb();
            thousandRequests(s);
            long idle = s.agent.rssKb();
            BenchReport.row("3 footprint", "RSS right after ready", fresh / 1024.0, "MB", "launcher defaults");
            BenchReport.row("3 footprint", "idle RSS after 1,000 requests", idle / 1024.0, "MB", "<= 56 MB",
                    idle / 1024.0 <= 56, "VmRSS, 2 s after the last request (" + s.agent.rssParts() + ")");

            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        peak.accumulateAndGet(s.agent.rssKb(), Math::max);
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            sampler.start();
            long[] storm = Load.storm(s.a(), STORM_CLIENTS, 5_000, READ_ROUTES);
            sampler.interrupt();
            sampler.join();
            assertThat(storm[1]).as("failed requests in the storm").isZero();
            BenchReport.row("3 footprint", "peak RSS under a storm", peak.get() / 1024.0, "MB", String.format(Locale.ROOT,
                    "%d clients, 5 s: %d requests (%.0f/s), p50 %.1f ms, p99 %.1f ms", STORM_CLIENTS, storm[0],
                    storm[0] / 5.0, storm[2] / 1000.0, storm[3] / 1000.0));
            Thread.sleep(2_000);
            BenchReport.row("3 footprint", "RSS 2 s after the storm", s.agent.rssKb() / 1024.0, "MB", "");

            // a proposal, measured beside the launcher's defaults: smaller heap, code cache and stacks, one JIT thread,
            // netty's unpooled allocator (its pooled arenas hold chunks of direct memory once touched)
            Series proposedReady = starts(s, PROPOSED, 3, new Series("probe"));
            thousandRequests(s);
            BenchReport.row("3 footprint", "proposed JVM flags: start -> /healthz 200, median", proposedReady.median(), "ms",
                    "n=3; " + PROPOSED);
            BenchReport.row("3 footprint", "proposed JVM flags: idle RSS after 1,000 requests", s.agent.rssKb() / 1024.0,
                    "MB", "same flags (" + s.agent.rssParts() + ")");
        }
    }

    /** 1,000 sequential requests over the read routes and both status routes; all must answer 200. */
    private static void thousandRequests(BenchSetup s) throws InterruptedException {
        List<String> requests = new ArrayList<>();
        String[] routes = {"GET /healthz", "GET /faults", "GET /metrics", "POST /fault/v1/network-packet-loss/status",
            "POST /fault/v1/network-blackhole-port/status {\"Port\":8080,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}"};
        for (int i = 0; i < 1_000; i++) {
            requests.add(routes[i % routes.length]);
        }
        List<Load.Result> results = Load.batch(s.a(), 1, requests);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.request()).isEqualTo(200));
        Thread.sleep(2_000);
    }

    /** {@code n} restarts of the agent with these JVM options (null: the launcher's); start -> ready ms. */
    private static Series starts(BenchSetup s, String javaOpts, int n, Series probe) throws InterruptedException {
        Series ready = new Series("ready " + javaOpts);
        for (int i = 0; i < n; i++) {
            s.agent.close();
            ready.add(s.startAgent(javaOpts));
            Matcher m = PROBE.matcher(s.agent.log());
            if (m.find()) {
                probe.add(Long.parseLong(m.group(1)));
            }
        }
        System.out.println("footprint " + ready);
        return ready;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
