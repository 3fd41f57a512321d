package dev.netfault.e2e.bench;

import dev.netfault.e2e.AgentClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.UdpSink;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 4: configured against measured loss over {@value #DATAGRAMS} UDP datagrams from A to a sink in B, with
 * the 99% Wilson confidence interval of the measured rate; the same count with no fault first, so drops of the path
 * itself are visible.
 */
@Tag("bench")
class FidelityBenchTest {

    static final int DATAGRAMS = 20_000;
    static final int PORT = 7000;

    @TempDir
    Path tmp;

    @Test
    void fidelity_lossRateWithConfidence() throws Exception {
        try (BenchSetup s = BenchSetup.create(tmp)) {
            double base = measure(s);
            BenchReport.row("4 fidelity", "loss with no fault", 100 * base, "%", DATAGRAMS + " UDP datagrams");
            for (int percent : new int[] {5, 20}) {
                AgentClient.Response r = s.client.post("/fault/v1/network-packet-loss/start",
                        "{\"LossPercent\":" + percent + ",\"Sources\":[\"" + NetnsPair.B_IPV4 + "\"],\"DurationSeconds\":300}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                double p = measure(s);
                assertThat(s.client.post("/fault/v1/network-packet-loss/stop", "").status()).isEqualTo(200);
                double[] ci = wilson(p, DATAGRAMS, 2.5758);
                boolean inside = percent / 100.0 >= ci[0] && percent / 100.0 <= ci[1];
                BenchReport.row("4 fidelity", "loss configured " + percent + "%, measured", 100 * p, "%",
                        String.format(Locale.ROOT, "99%% CI [%.2f, %.2f] %%; configured rate %s the interval; nft numgen",
                                100 * ci[0], 100 * ci[1], inside ? "inside" : "OUTSIDE"));
            }
        }
    }

    private static double measure(BenchSetup s) throws InterruptedException {
        try (UdpSink sink = TrafficClient.in(s.b()).udpSink(PORT, 120)) {
            SendStats sent = TrafficClient.in(s.a()).udpSend(NetnsPair.B_IPV4, PORT, DATAGRAMS);
            assertThat(sent.errors()).as("send() errors: a silent drop must not fail the sender: " + sent).isZero();
            long received = sink.received();
            return 1.0 - (double) received / sent.sent();
        }
    }

    /** Wilson score interval for a proportion {@code p} over {@code n} trials at quantile {@code z}. */
    static double[] wilson(double p, int n, double z) {
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
