package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Latency through the agent's ECS-compatible API, measured with ICMP echo between the namespaces. */
class LatencyApiTest extends AgentTestBase {
    private static final String KIND = "network-latency";

    @Test
    void start_delay100msAddsMedian100ms() throws InterruptedException {
        startOk(KIND, Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 0,
                "Sources", List.of(GuestNetwork.SERVER_V4)));
        assertThat(status(KIND)).isEqualTo("running");
        Ping.Samples samples = Ping.run(pair.a(), GuestNetwork.SERVER_V4, 60, "0.02");
        double delayed = samples.median();
        System.out.printf("latency: configured 100 ms, measured added median %.2f ms (%.2f - baseline %.2f;"
                + " p10 %.2f, p90 %.2f over %d samples)%n", delayed - baseline, delayed, baseline,
                samples.percentile(10), samples.percentile(90), samples.received().size());
        assertThat(delayed - baseline).isBetween(98.0, 110.0);

        stopOk(KIND);
        assertThat(status(KIND)).isEqualTo("not-running");
        assertBackToBaseline("latency stop");
    }

    @Test
    void start_jitter20msSpreadsSamples() throws InterruptedException {
        startOk(KIND, Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 20,
                "Sources", List.of(GuestNetwork.SERVER_V4)));
        Ping.Samples samples = Ping.run(pair.a(), GuestNetwork.SERVER_V4, 200, "0.02");
        double p5 = samples.percentile(5);
        double p95 = samples.percentile(95);
        double p25 = samples.percentile(25);
        double iqr = samples.percentile(75) - p25;
        // netem's jitter without a distribution is uniform on [delay - jitter, delay + jitter]: p5 82 ms, p25 90 ms,
        // median 100 ms, p95 118 ms, interquartile range 20 ms, sd 11.5 ms. An emulated CPU's scheduling hiccups only
        // ever add delay, so the spread is judged from below and by the IQR; the upper tail is printed, not judged.
        System.out.printf("jitter: configured 100 ms +- 20 ms (expected p5 82, p25 90, median 100, p95 118, IQR 20,"
                + " sd 11.5), measured p5 %.2f, p25 %.2f, median %.2f, p95 %.2f, IQR %.2f, sd %.2f ms over %d samples%n",
                p5, p25, samples.median(), p95, iqr, samples.stddev(), samples.received().size());
        assertThat(p5).isBetween(79.0, 88.0);
        assertThat(p25).isBetween(86.0, 96.0);
        assertThat(samples.median() - baseline).isBetween(95.0, 108.0);
        assertThat(iqr).isBetween(14.0, 27.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal", "pareto", "paretonormal", "uniform"})
    void start_distributionAndCorrelationAccepted(String distribution) throws Exception {
        startOk(KIND, Map.of("DelayMilliseconds", 50, "JitterMilliseconds", 10, "CorrelationPercent", 25,
                "Distribution", distribution, "Sources", List.of(GuestNetwork.SERVER_V4)));
        String qdiscs = GuestNetwork.qdiscs(pair.a());
        Ping.Samples samples = Ping.run(pair.a(), GuestNetwork.SERVER_V4, 40, "0.02");
        System.out.printf("distribution %s, correlation 25%%: configured 50 +- 10 ms, measured median %.2f ms,"
                + " sd %.2f ms; netem: %s%n", distribution, samples.median(), samples.stddev(), netem(qdiscs));
        assertThat(netem(qdiscs)).contains("\"kind\":\"netem\"");
        assertThat(samples.median() - baseline).isBetween(35.0, 65.0);
        stopOk(KIND);
        assertBackToBaseline("latency stop (" + distribution + ")");
    }

    @Test
    void start_expiryRevertsOnTime() throws Exception {
        long started = System.nanoTime();
        startOk(KIND, Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 0,
                "Sources", List.of(GuestNetwork.SERVER_V4), "DurationSeconds", 5));
        double delayed = median(GuestNetwork.SERVER_V4, 10);
        assertThat(delayed - baseline).as("active before expiry").isGreaterThan(95.0);
        awaitNotRunning(KIND, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("expiry: configured 5 s, fault gone %.1f s after the start request%n", seconds);
        assertThat(seconds).isBetween(4.5, 15.0);
        assertBackToBaseline("latency expiry");
    }

    private static String netem(String qdiscsJson) throws Exception {
        var mapper = new ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (var node : mapper.readTree(qdiscsJson)) {
            if ("netem".equals(node.path("kind").asText())) {
                out.append(mapper.writeValueAsString(node));
            }
        }
        return out.toString();
    }
}
