package dev.netfault.bridge.traffic;

import static dev.netfault.bridge.traffic.BlackholeTrafficTest.print;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a fault must spare and how it picks flows, measured under 100% loss where any leak would show. */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class TargetingTrafficTest {

    static final int CONTROL_PORT = PlanContext.DEFAULT_CONTROL_PORT;
    static final int PORT = 8080;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    /** The agent's control port and loopback are exempt from a 100% loss fault. */
    @Test
    void loss100_agentControlPortAndLoopbackStayReachable() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.a()).tcpServer(CONTROL_PORT, PORT)) {
            TrafficClient remote = TrafficClient.in(pair.b());
            TrafficClient local = TrafficClient.in(pair.a());
            assertThat(remote.tcpConnect(NetnsPair.A_IPV4, CONTROL_PORT, 500, 1).successes()).as("warm-up").isEqualTo(1);
            try (AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(100, Targeting.all()))) {
                ConnectStats control = print("loss 100% on A, B to A's control port 51680", remote.tcpConnect(NetnsPair.A_IPV4, CONTROL_PORT, 500, 3));
                ConnectStats other = print("loss 100% on A, B to A's port 8080", remote.tcpConnect(NetnsPair.A_IPV4, PORT, 500, 2));
                ConnectStats loop4 = print("loss 100% on A, A to 127.0.0.1:8080", local.tcpConnect("127.0.0.1", PORT, 500, 3));
                ConnectStats loop6 = print("loss 100% on A, A to [::1]:8080", local.tcpConnect("::1", PORT, 500, 3));
                assertThat(control.successes()).as(control.summary()).isEqualTo(3);
                assertThat(other.timeouts()).as(other.summary()).isEqualTo(2);
                assertThat(loop4.successes()).as(loop4.summary()).isEqualTo(3);
                assertThat(loop6.successes()).as(loop6.summary()).isEqualTo(3);
            }
        }
    }

    /**
     * The nftables loss fallback impairs IP only: ARP and IPv6 neighbour discovery pass, so with cold neighbour caches
     * (flushed after the fault is applied) an exempt port is still reachable over both families.
     */
    @Test
    void loss100_coldNeighbourCaches_exemptPortStillReachable() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.a()).tcpServer(CONTROL_PORT)) {
            TrafficClient remote = TrafficClient.in(pair.b());
            try (AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(100, Targeting.all()))) {
                pair.a().exec("ip", "neigh", "flush", "all");
                pair.b().exec("ip", "neigh", "flush", "all");
                ConnectStats v4 = print("loss 100% on A, cold caches, B to A's control port over IPv4",
                        remote.tcpConnect(NetnsPair.A_IPV4, CONTROL_PORT, 2000, 2));
                ConnectStats v6 = print("loss 100% on A, cold caches, B to A's control port over IPv6",
                        remote.tcpConnect(NetnsPair.A_IPV6, CONTROL_PORT, 2000, 2));
                assertThat(v4.successes()).as(v4.summary()).isEqualTo(2);
                assertThat(v6.successes()).as(v6.summary()).isEqualTo(2);
            }
        }
    }

    @Test
    void flowsPercent50_loss100DropsAboutHalfTheFlows() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT)) {
            assertThat(TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT, 500, 1).successes()).as("warm-up").isEqualTo(1);
            try (AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(100, Targeting.all().withFlowsPercent(50)))) {
                ConnectStats flows = print("loss 100% on 50% of flows, 60 connects (one flow each)",
                        TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT, 150, 60));
                assertThat(flows.successes() + flows.timeouts()).isEqualTo(60);
                assertThat(flows.successes()).as(flows.summary()).isBetween(15L, 45L);
            }
        }
    }
}
