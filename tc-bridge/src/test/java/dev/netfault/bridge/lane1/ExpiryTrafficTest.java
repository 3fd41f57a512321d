package dev.netfault.bridge.lane1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every netfilter rule carries its deadline into the kernel: with nobody reverting, traffic is blocked before the
 * deadline and flows after it, while the fault's objects are still installed.
 */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class ExpiryTrafficTest {

    static final int PORT = 8080;

    @BeforeAll
    static void root() {
        NetnsPair.assumeRoot();
    }

    @Test
    void egressBlackhole_nftMetaTimeStopsMatchingAtDeadline() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            runPastDeadline(pair, pair.a(), new BlackholeSpec(PORT, Protocol.TCP, Direction.EGRESS, Targeting.all()),
                    "nft egress blackhole", "meta time <");
        }
    }

    @Test
    void ingressBlackhole_iptablesDatestopStopsMatchingAtDeadline() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            runPastDeadline(pair, pair.b(), new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                    "iptables ingress blackhole", "--datestop");
        }
    }

    private static void runPastDeadline(NetnsPair pair, Netns faulted, FaultSpec spec, String what, String deadlineSyntax)
            throws Exception {
        try (TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT)) {
            TrafficClient client = TrafficClient.in(pair.a());
            Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
            try (AppliedFault fault = AppliedFault.apply(faulted, spec, deadline)) {
                Instant applied = Instant.now();
                KernelSnapshot kernel = KernelSnapshot.take(faulted);
                assertThat(kernel.iptables() + kernel.ip6tables() + kernel.nftables())
                        .as("the deadline is in the kernel").contains(deadlineSyntax);

                ConnectStats before = client.tcpConnect(NetnsPair.B_IPV4, PORT, 400, 1);
                Instant measured = Instant.now();
                assertThat(measured).as("measured before the deadline").isBefore(deadline);
                assertThat(before.timeouts()).as(before.summary()).isEqualTo(1);

                sleepUntil(deadline.plusMillis(1500));
                ConnectStats after = client.tcpConnect(NetnsPair.B_IPV4, PORT, 400, 3);
                assertThat(after.successes()).as(after.summary()).isEqualTo(3);
                assertThat(fault.verify()).as("the fault's objects are still installed").isEmpty();
                System.out.printf("MEASURED expiry of %s (%s): applied %d ms before the deadline; blocked until %d ms"
                                + " before it (%s); flowing %d ms after it (%s) with its objects still present%n",
                        what, deadlineSyntax, Duration.between(applied, deadline).toMillis(),
                        Duration.between(measured, deadline).toMillis(), before.summary(),
                        Duration.between(deadline, Instant.now()).toMillis(), after.summary());
                assertThat(fault.revert()).isEmpty();
            }
        }
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
