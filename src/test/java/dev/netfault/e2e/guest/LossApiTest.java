package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** netem loss through the API over ten thousand echoes: random loss rate and burst lengths. */
class LossApiTest extends AgentTestBase {
    private static final String KIND = "network-packet-loss";
    private static final int PACKETS = 10_000;

    @Test
    void start_loss10PercentWithin99PercentInterval() throws InterruptedException {
        startOk(KIND, Map.of("LossPercent", 10, "Sources", List.of(GuestNetwork.SERVER_V4)));
        Ping.Samples samples = Ping.run(pair.a(), GuestNetwork.SERVER_V4, PACKETS, "0.001");
        double rate = 100.0 * samples.lost() / PACKETS;
        double halfWidth = 2.576 * Math.sqrt(0.1 * 0.9 / PACKETS) * 100;
        System.out.printf("loss: configured 10%%, measured %.2f%% (%d of %d lost; 99%% interval %.2f-%.2f%%)%n",
                rate, samples.lost(), PACKETS, 10 - halfWidth, 10 + halfWidth);
        assertThat(rate).isBetween(10 - halfWidth, 10 + halfWidth);
        stopOk(KIND);
        assertBackToBaseline("loss stop");
    }

    @Test
    void start_burstLossKeepsRateWithMeanBurst() throws InterruptedException {
        int meanBurst = 4;
        startOk(KIND, Map.of("LossPercent", 10, "LossModel", "burst", "MeanBurstPackets", meanBurst,
                "Sources", List.of(GuestNetwork.SERVER_V4)));
        Ping.Samples samples = Ping.run(pair.a(), GuestNetwork.SERVER_V4, PACKETS, "0.001");
        double rate = 100.0 * samples.lost() / PACKETS;
        double measuredBurst = meanRun(samples.rttMs());
        System.out.printf("burst loss: configured 10%% in bursts of %d, measured %.2f%% (%d of %d lost) in bursts"
                + " of mean %.2f packets%n", meanBurst, rate, samples.lost(), PACKETS, measuredBurst);
        assertThat(rate).isBetween(7.0, 13.0);
        assertThat(measuredBurst).isBetween(meanBurst * 0.8, meanBurst * 1.2);
        stopOk(KIND);
        assertBackToBaseline("burst loss stop");
    }

    /** Mean length of runs of consecutive lost echoes. */
    static double meanRun(double[] rtt) {
        int runs = 0;
        int lost = 0;
        for (int i = 0; i < rtt.length; i++) {
            if (Double.isNaN(rtt[i])) {
                lost++;
                if (i == 0 || !Double.isNaN(rtt[i - 1])) {
                    runs++;
                }
            }
        }
        return runs == 0 ? 0 : (double) lost / runs;
    }
}
