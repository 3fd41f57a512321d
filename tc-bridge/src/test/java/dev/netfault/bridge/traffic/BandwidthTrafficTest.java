package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bandwidth limit on real TCP traffic between two namespaces (this kernel: tbf on an ifb, no netem): the goodput of
 * the shaped port stays within 10% of the rate, another port is not shaped, and a lapsed lease unshapes.
 */
@Tag("privileged")
@SuppressWarnings("try")
class BandwidthTrafficTest {

    static final String PREFIX = "nfbw";
    static final int SHAPED = 5001;
    static final int OTHER = 5002;
    static final int SECONDS = 6;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    private static Targeting port(Direction d) {
        return Targeting.all().withDirection(d).withPorts(List.of(SHAPED)).withProtocol(Protocol.TCP);
    }

    @Test
    void egress2000_goodputWithin10PercentOtherPortUnshapedLapseUnshapesRenewalReshapes() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix(PREFIX).create();
             AppliedFault fault = AppliedFault.apply(pair.a(), new BandwidthSpec(2_000, 0, port(Direction.EGRESS)))) {
            assertThat(fault.verify()).isEmpty();
            assertWithin10Percent(2_000, goodput("egress 2000kbit, shaped port", pair.a(), pair.b(), NetnsPair.B_IPV4, SHAPED));
            assertThat(goodput("egress 2000kbit, other port", pair.a(), pair.b(), NetnsPair.B_IPV4, OTHER))
                    .isGreaterThan(20 * 2_000);
            pair.a().exec("nft", "flush", "set", "netdev", Ownership.nftTable(fault.plan().id()), "lease"); // a lapse
            assertThat(goodput("egress 2000kbit, shaped port after the lease lapsed", pair.a(), pair.b(),
                    NetnsPair.B_IPV4, SHAPED)).isGreaterThan(20 * 2_000);
            assertThat(pair.a().executor().runAll(Lease.mergeAll(List.of(fault.plan().lease())))).isEmpty();
            assertWithin10Percent(2_000, goodput("egress 2000kbit, shaped port after the lease was renewed", pair.a(),
                    pair.b(), NetnsPair.B_IPV4, SHAPED));
            assertThat(fault.revert()).isEmpty();
        }
    }

    @Test
    void egressDeadline_shapesUntilTheKernelHeldDeadlineThenNot() throws Exception {
        Instant expiry = Instant.now().plusSeconds(16);
        try (NetnsPair pair = NetnsPair.builder().prefix(PREFIX).create();
             AppliedFault fault = AppliedFault.apply(pair.a(), new BandwidthSpec(2_000, 0, port(Direction.EGRESS)), expiry)) {
            assertWithin10Percent(2_000, goodput("egress 2000kbit before its deadline", pair.a(), pair.b(), NetnsPair.B_IPV4, SHAPED));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1_500);
            assertThat(fault.verify()).as("the objects stay; only the rule stopped matching").isEmpty();
            assertThat(goodput("egress 2000kbit after its deadline, not reverted", pair.a(), pair.b(), NetnsPair.B_IPV4,
                    SHAPED)).isGreaterThan(20 * 2_000);
        }
    }

    @Test
    void egressSourcesToFilter_exemptDestinationIsNotShaped() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix(PREFIX).extraAddressOnB("198.51.100.3/24").create();
             AppliedFault fault = AppliedFault.apply(pair.a(), new BandwidthSpec(2_000, 0,
                     port(Direction.EGRESS).withExemptions(List.of(Cidr.parse("198.51.100.3")))))) {
            assertWithin10Percent(2_000, goodput("egress 2000kbit, SourcesToFilter=198.51.100.3, to 198.51.100.2",
                    pair.a(), pair.b(), NetnsPair.B_IPV4, SHAPED));
            assertThat(goodput("egress 2000kbit, SourcesToFilter=198.51.100.3, to the exempt 198.51.100.3", pair.a(),
                    pair.b(), "198.51.100.3", SHAPED)).isGreaterThan(20 * 2_000);
        }
    }

    @Test
    void egress20000_goodputWithin10Percent() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix(PREFIX).create();
             AppliedFault fault = AppliedFault.apply(pair.a(), new BandwidthSpec(20_000, 0, port(Direction.EGRESS)))) {
            assertWithin10Percent(20_000, goodput("egress 20000kbit, shaped port", pair.a(), pair.b(), NetnsPair.B_IPV4, SHAPED));
        }
    }

    @Test
    void egress2000Ipv6_goodputWithin10Percent() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix(PREFIX).create();
             AppliedFault fault = AppliedFault.apply(pair.a(), new BandwidthSpec(2_000, 0, port(Direction.EGRESS)))) {
            assertWithin10Percent(2_000, goodput("egress 2000kbit IPv6, shaped port", pair.a(), pair.b(), NetnsPair.B_IPV6, SHAPED));
            assertThat(goodput("egress 2000kbit IPv6, other port", pair.a(), pair.b(), NetnsPair.B_IPV6, OTHER))
                    .isGreaterThan(20 * 2_000);
        }
    }

    @Test
    void ingress2000_goodputWithin10PercentOtherPortUnshaped() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix(PREFIX).create();
             AppliedFault fault = AppliedFault.apply(pair.b(), new BandwidthSpec(2_000, 0, port(Direction.INGRESS)))) {
            assertThat(fault.verify()).isEmpty();
            assertWithin10Percent(2_000, goodput("ingress 2000kbit, shaped port", pair.a(), pair.b(), NetnsPair.B_IPV4, SHAPED));
            assertThat(goodput("ingress 2000kbit, other port", pair.a(), pair.b(), NetnsPair.B_IPV4, OTHER))
                    .isGreaterThan(20 * 2_000);
            assertThat(fault.revert()).isEmpty();
        }
    }

    @Test
    void ingress20000_goodputWithin10Percent() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix(PREFIX).create();
             AppliedFault fault = AppliedFault.apply(pair.b(), new BandwidthSpec(20_000, 0, port(Direction.INGRESS)))) {
            assertWithin10Percent(20_000, goodput("ingress 20000kbit, shaped port", pair.a(), pair.b(), NetnsPair.B_IPV4, SHAPED));
        }
    }

    static void assertWithin10Percent(long rateKbit, double measured) {
        assertThat(measured).as("goodput kbit/s for a rate of " + rateKbit + " kbit/s")
                .isBetween(rateKbit * 0.9, rateKbit * 1.1);
    }

    /** TCP goodput in kbit/s from {@code from} to {@code host:port} in {@code to}, measured by the receiver. */
    static double goodput(String what, Netns from, Netns to, String host, int port) throws InterruptedException {
        try (TrafficProcess sink = TrafficClient.in(to).tcpSink(port)) {
            long sent = TrafficClient.in(from).tcpBlast(host, port, SECONDS);
            String line = sink.awaitLine("goodput ", Duration.ofSeconds(30));
            double kbit = Double.parseDouble(line.split(" ")[1]);
            System.out.println("MEASURED " + what + ": " + Math.round(kbit) + " kbit/s (" + line + ", sent " + sent + ")");
            return kbit;
        }
    }
}
