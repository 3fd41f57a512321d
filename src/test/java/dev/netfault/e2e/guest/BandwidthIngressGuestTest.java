package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An ingress bandwidth limit leased by the ipset gate (the guest kernel has cls_basic and em_ipset, this box has not):
 * the shaped port holds the rate, and once the gate's elements are gone (a lapse) the traffic is unshaped with every
 * object still in place; revert restores the qdiscs.
 */
@Tag("guest")
@SuppressWarnings("try")
class BandwidthIngressGuestTest {

    @Test
    void ingressBandwidth_leasedByTheIpsetGate() throws Exception {
        GuestAssumptions.assumeNetem();
        try (NetnsPair pair = GuestNetwork.create()) {
            Netns server = pair.b();
            String before = GuestNetwork.qdiscs(server);
            try (AppliedFault fault = AppliedFault.apply(server, new BandwidthSpec(2_000, 0, Targeting.all()
                    .withDirection(Direction.INGRESS).withPorts(List.of(5001)).withProtocol(Protocol.TCP)))) {
                assertThat(fault.plan().mechanism()).isEqualTo("tc ingress u32 redirect (ipset lease) to ifb + tbf");
                assertThat(fault.verify()).isEmpty();
                double shaped = goodput(pair, "ingress 2000kbit, ipset gate live");
                server.exec("ipset", "flush", Ownership.ipset(fault.plan().id(), "l4")); // what a lapse leaves
                server.exec("ipset", "flush", Ownership.ipset(fault.plan().id(), "l6"));
                double lapsed = goodput(pair, "ingress 2000kbit, ipset gate lapsed");
                assertThat(shaped).isBetween(1_800.0, 2_200.0);
                assertThat(lapsed).isGreaterThan(5 * 2_000);
                assertThat(fault.verify()).as("the objects stay; only the gate let go").isEmpty();
                assertThat(fault.revert()).isEmpty();
            }
            assertThat(GuestNetwork.qdiscs(server)).isEqualTo(before);
        }
    }

    private static double goodput(NetnsPair pair, String what) throws InterruptedException {
        try (TrafficProcess sink = TrafficClient.in(pair.b()).tcpSink(5001)) {
            long sent = TrafficClient.in(pair.a()).tcpBlast(GuestNetwork.SERVER_V4, 5001, 8);
            String line = sink.awaitLine("goodput ", GuestNetwork.SLOW_COMMAND);
            double kbit = Double.parseDouble(line.split(" ")[1]);
            System.out.printf("guest kernel: %s: goodput %.0f kbit/s (%s, sent %d)%n", what, kbit, line, sent);
            return kbit;
        }
    }
}
