package dev.netfault.bridge.lane1;

import static dev.netfault.bridge.lane1.BlackholeTrafficTest.print;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ConnectStats;
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
        NetnsPair.assumeRoot();
    }

    /**
     * Neighbour caches are warmed first: the nftables loss fallback drops every frame on the interface, ARP and IPv6
     * neighbour discovery included, so with cold caches even the exempt control port is unreachable (a known defect,
     * reported to the planners; ECS's tc layout only impairs IP).
     */
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
