package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.UdpSink;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random loss on real UDP traffic. This kernel has no sch_netem, so the planner falls back to a silent drop in the
 * nftables netdev egress hook: the rate must hold and no send() may fail.
 */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class LossTrafficTest {

    static final int DATAGRAMS = 2000;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    @Test
    void randomLoss20_lossWithin16To24PercentAndEverySendSucceeds() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            pair.warmNeighbours();
            try (AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(20, Targeting.all()))) {
                assertThat(fault.verify()).isEmpty();
                double loss = measureLoss("loss 20% (" + fault.plan().mechanism() + ")", pair.a(), pair.b(), NetnsPair.B_IPV4);
                assertThat(loss).isBetween(16.0, 24.0);
                assertThat(fault.revert()).isEmpty();
            }
            double after = measureLoss("loss 20% after revert", pair.a(), pair.b(), NetnsPair.B_IPV4);
            assertThat(after).isZero();
        }
    }

    @Test
    void randomLoss20_onlySourcesLoseWhileOtherDestinationsDoNot() throws Exception {
        try (NetnsPair pair = warm(NetnsPair.builder().extraAddressOnB("198.51.100.3/24").create());
             AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(20,
                     Targeting.all().withSources(List.of(Cidr.parse(NetnsPair.B_IPV4)))))) {
            double source = measureLoss("loss 20% with Sources=198.51.100.2, to the source", pair.a(), pair.b(), NetnsPair.B_IPV4);
            double other = measureLoss("loss 20% with Sources=198.51.100.2, to 198.51.100.3", pair.a(), pair.b(), "198.51.100.3");
            assertThat(source).isBetween(16.0, 24.0);
            assertThat(other).isZero();
        }
    }

    @Test
    void ingressRandomLoss20_receiverSideLossWithin16To24Percent() throws Exception {
        try (NetnsPair pair = warm(NetnsPair.create());
             AppliedFault fault = AppliedFault.apply(pair.b(), LossSpec.random(20, Targeting.all().withDirection(Direction.INGRESS)))) {
            double loss = measureLoss("ingress loss 20% on the receiver (" + fault.plan().mechanism() + ")",
                    pair.a(), pair.b(), NetnsPair.B_IPV4);
            assertThat(loss).isBetween(16.0, 24.0);
        }
    }

    /** The pair, its neighbour caches warm: the nft fallback would drop ARP too and add losses of its own. */
    static NetnsPair warm(NetnsPair pair) throws InterruptedException {
        pair.warmNeighbours();
        return pair;
    }

    /** Sends {@value #DATAGRAMS} datagrams from {@code from} to {@code host} in {@code to}; returns the percent lost. */
    static double measureLoss(String what, Netns from, Netns to, String host) throws InterruptedException {
        return measureLoss(what, from, to, host, 9000);
    }

    /** As {@link #measureLoss(String, Netns, Netns, String)}, to UDP {@code port}. */
    static double measureLoss(String what, Netns from, Netns to, String host, int port) throws InterruptedException {
        try (UdpSink sink = TrafficClient.in(to).udpSink(port, 60)) {
            SendStats sent = TrafficClient.in(from).udpSend(host, port, DATAGRAMS);
            long received = sink.received();
            long dropped = sent.sent() - received;
            double percent = 100.0 * dropped / DATAGRAMS;
            System.out.println(String.format(Locale.ROOT, "MEASURED %s: %d/%d dropped = %.2f%%; %s",
                    what, dropped, DATAGRAMS, percent, sent));
            assertThat(sent.sent()).as(sent.toString()).isEqualTo(DATAGRAMS);
            assertThat(sent.errors()).as(sent.toString()).isZero();
            return percent;
        }
    }
}
