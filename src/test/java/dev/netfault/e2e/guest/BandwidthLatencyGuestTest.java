package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bandwidth beside real netem latency on one interface (the guest kernel has sch_netem): the latency tree owns the
 * root, the limit sits on its ifb, and traffic gets both — the delay on ping, the rate on TCP goodput — and both revert
 * to the qdiscs there were before.
 */
@Tag("guest")
@SuppressWarnings("try")
class BandwidthLatencyGuestTest {

    @Test
    void bandwidthWithLatency_bothApplyToTheSameTraffic() throws Exception {
        GuestAssumptions.assumeNetem();
        try (NetnsPair pair = GuestNetwork.create()) {
            Netns client = pair.a();
            String before = GuestNetwork.qdiscs(client);
            double baseline = Ping.run(client, GuestNetwork.SERVER_V4, 10, "0.02").median();
            try (AppliedFault latency = AppliedFault.apply(client, new LatencySpec(100, 0, 0, Distribution.NONE,
                         Targeting.all()));
                 AppliedFault bandwidth = AppliedFault.apply(client, new BandwidthSpec(2_000, 0,
                         Targeting.all().withPorts(List.of(5001)).withProtocol(Protocol.TCP)))) {
                assertThat(latency.verify()).isEmpty();
                assertThat(bandwidth.verify()).isEmpty();
                double delayed = Ping.run(client, GuestNetwork.SERVER_V4, 20, "0.02").median();
                double kbit;
                try (TrafficProcess sink = TrafficClient.in(pair.b()).tcpSink(5001)) {
                    long sent = TrafficClient.in(client).tcpBlast(GuestNetwork.SERVER_V4, 5001, 8);
                    String line = sink.awaitLine("goodput ", GuestNetwork.SLOW_COMMAND);
                    kbit = Double.parseDouble(line.split(" ")[1]);
                    System.out.printf("guest kernel: bandwidth 2000kbit beside latency 100ms: ping %.2f -> %.2f ms, "
                            + "goodput %.0f kbit/s (%s, sent %d)%n", baseline, delayed, kbit, line, sent);
                }
                assertThat(delayed - baseline).isBetween(97.0, 105.0);
                assertThat(kbit).isBetween(1_800.0, 2_200.0);
                assertThat(bandwidth.revert()).isEmpty();
                assertThat(latency.revert()).isEmpty();
            }
            assertThat(GuestNetwork.qdiscs(client)).isEqualTo(before);
        }
    }
}
