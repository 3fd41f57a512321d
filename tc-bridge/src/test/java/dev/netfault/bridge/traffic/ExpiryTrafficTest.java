package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Fixtures;
import dev.netfault.bridge.testing.Facts;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.TcpProbe;
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
 * deadline and flows after it, while the fault's objects are still installed. A warm client connects every 250 ms
 * around the deadline to time the change. iptables' {@code --datestop} has one-second resolution and matches through
 * the whole second it names, so the rule may still match up to one second past the deadline.
 */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class ExpiryTrafficTest {

    static final int PORT = 8080;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
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
                    "iptables ingress blackhole", "--datestop", Fixtures.without(Facts.capabilities(), Feature.NFTABLES));
        }
    }

    @Test
    void ingressBlackhole_nftMetaTimeStopsMatchingAtDeadline() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            runPastDeadline(pair, pair.b(), new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                    "nft ingress blackhole", "meta time <");
        }
    }

    private static void runPastDeadline(NetnsPair pair, Netns faulted, FaultSpec spec, String what, String deadlineSyntax)
            throws Exception {
        runPastDeadline(pair, faulted, spec, what, deadlineSyntax, Facts.capabilities());
    }

    private static void runPastDeadline(NetnsPair pair, Netns faulted, FaultSpec spec, String what, String deadlineSyntax,
                                        Capabilities capabilities) throws Exception {
        try (TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT);
             TcpProbe probe = TrafficClient.in(pair.a()).tcpProbe(NetnsPair.B_IPV4, PORT, 250)) {
            assertThat(probe.connect().outcome()).as("baseline").isEqualTo("ok");
            Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
            try (AppliedFault fault = AppliedFault.apply(faulted, spec, deadline, capabilities)) {
                Instant applied = Instant.now();
                KernelSnapshot kernel = KernelSnapshot.take(faulted);
                assertThat(kernel.iptables() + kernel.ip6tables() + kernel.nftables())
                        .as("the deadline is in the kernel").contains(deadlineSyntax);

                int blocked = 0;
                Instant lastBlocked = null;
                Instant firstOk = null;
                while (firstOk == null && Instant.now().isBefore(deadline.plusSeconds(3))) {
                    Instant attempt = Instant.now();
                    String outcome = probe.connect().outcome();
                    if (outcome.equals("ok")) {
                        firstOk = attempt;
                    } else {
                        assertThat(outcome).isEqualTo("timeout");
                        blocked++;
                        lastBlocked = attempt;
                    }
                }
                assertThat(blocked).as("connects blocked before the deadline").isPositive();
                assertThat(lastBlocked).as("no connect blocked well after the deadline").isBefore(deadline.plusSeconds(1));
                assertThat(firstOk).as("a connect succeeded within 3 s after the deadline").isNotNull();
                assertThat(firstOk).as("no connect got through before the deadline").isAfter(deadline.minusMillis(50));
                ConnectStats after = TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT, 400, 3);
                assertThat(after.successes()).as(after.summary()).isEqualTo(3);
                assertThat(fault.verify()).as("the fault's objects are still installed").isEmpty();
                System.out.printf("MEASURED expiry of %s (%s), times relative to the deadline: applied at %+d ms;"
                                + " %d connects blocked, the last started at %+d ms; first connect through at %+d ms; %s;"
                                + " objects still present%n",
                        what, deadlineSyntax, -Duration.between(applied, deadline).toMillis(), blocked,
                        Duration.between(deadline, lastBlocked).toMillis(), Duration.between(deadline, firstOk).toMillis(),
                        after.summary());
                assertThat(fault.revert()).isEmpty();
            }
        }
    }
}
