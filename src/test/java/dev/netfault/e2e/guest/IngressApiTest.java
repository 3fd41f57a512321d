package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TrafficType ingress: latency and loss on what arrives at the client, through an ifb device. */
class IngressApiTest extends AgentTestBase {

    @Test
    void start_ingressLatencyDelaysReplies() throws InterruptedException {
        startOk("network-latency", Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 0,
                "TrafficType", "ingress", "Sources", List.of(GuestNetwork.SERVER_V4)));
        double target = median(GuestNetwork.SERVER_V4, 20) - baseline;
        double other = median(GuestNetwork.OTHER_V4, 20) - baseline;
        String ifbs = pair.a().exec("ip", "-j", "link", "show", "type", "ifb");
        System.out.printf("ingress latency: configured 100 ms from %s; added median %.2f ms, other origin %.2f ms;"
                + " ifb devices: %s%n", GuestNetwork.SERVER_V4, target, other, ifbs.strip());
        assertThat(target).isBetween(98.0, 110.0);
        assertThat(other).isLessThan(2.0);
        stopOk("network-latency");
        assertThat(pair.a().exec("ip", "-j", "link", "show", "type", "ifb").strip()).isIn("", "[]");
        assertBackToBaseline("ingress latency stop");
    }

    @Test
    void start_ingressLossDropsArrivals() throws InterruptedException {
        int packets = 5_000;
        startOk("network-packet-loss", Map.of("LossPercent", 10, "TrafficType", "ingress",
                "Sources", List.of(GuestNetwork.SERVER_V4)));
        Ping.Samples samples = Ping.run(pair.a(), GuestNetwork.SERVER_V4, packets, "0.001");
        double rate = 100.0 * samples.lost() / packets;
        double halfWidth = 2.576 * Math.sqrt(0.1 * 0.9 / packets) * 100;
        System.out.printf("ingress loss: configured 10%%, measured %.2f%% (%d of %d; 99%% interval %.2f-%.2f%%)%n",
                rate, samples.lost(), packets, 10 - halfWidth, 10 + halfWidth);
        assertThat(rate).isBetween(10 - halfWidth, 10 + halfWidth);
        stopOk("network-packet-loss");
        assertBackToBaseline("ingress loss stop");
    }
}
