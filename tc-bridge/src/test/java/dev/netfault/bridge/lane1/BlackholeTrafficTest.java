package dev.netfault.bridge.lane1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Facts;
import dev.netfault.bridge.testing.Fixtures;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.bridge.testing.UdpSink;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Blackholes on real IPv4 traffic between two namespaces, planned by FaultPlanner and applied by PlanExecutor in the
 * namespace that owns the fault; every effect is measured from the client side.
 */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class BlackholeTrafficTest {

    static final int PORT = 8080;
    static final int OTHER_PORT = 8081;
    static final String EXEMPT = "198.51.100.3";
    static final int TIMEOUT_MS = 500;

    @BeforeAll
    static void root() {
        NetnsPair.assumeRoot();
    }

    @Test
    void egressTcp_blackholedPortTimesOutWhileOtherPortAndExemptAddressConnect() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().extraAddressOnB(EXEMPT + "/24").create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT, OTHER_PORT)) {
            TrafficClient client = TrafficClient.in(pair.a());
            BlackholeSpec spec = new BlackholeSpec(PORT, Protocol.TCP, Direction.EGRESS,
                    Targeting.all().withExemptions(List.of(Cidr.parse(EXEMPT))));
            try (AppliedFault fault = AppliedFault.apply(pair.a(), spec)) {
                assertThat(fault.verify()).isEmpty();
                ConnectStats blocked = print("egress blackhole tcp/8080, blackholed port", client.tcpConnect(NetnsPair.B_IPV4, PORT, TIMEOUT_MS, 3));
                ConnectStats other = print("egress blackhole tcp/8080, other port", client.tcpConnect(NetnsPair.B_IPV4, OTHER_PORT, TIMEOUT_MS, 3));
                ConnectStats exempt = print("egress blackhole tcp/8080, exempt address", client.tcpConnect(EXEMPT, PORT, TIMEOUT_MS, 3));
                assertThat(blocked.timeouts()).as(blocked.summary()).isEqualTo(3);
                assertThat(blocked.medianMillis()).isGreaterThanOrEqualTo(TIMEOUT_MS * 0.95);
                assertThat(other.successes()).as(other.summary()).isEqualTo(3);
                assertThat(exempt.successes()).as(exempt.summary()).isEqualTo(3);
                assertThat(fault.revert()).isEmpty();
            }
            ConnectStats after = print("egress blackhole tcp/8080, after revert", client.tcpConnect(NetnsPair.B_IPV4, PORT, TIMEOUT_MS, 3));
            assertThat(after.successes()).as(after.summary()).isEqualTo(3);
        }
    }

    @Test
    void egressUdp_everySendSucceedsAndNothingArrives() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            TrafficClient client = TrafficClient.in(pair.a());
            BlackholeSpec spec = new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all());
            try (AppliedFault fault = AppliedFault.apply(pair.a(), spec);
                 UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
                SendStats sent = client.udpSend(NetnsPair.B_IPV4, 9000, 1000);
                long received = sink.received();
                System.out.println("MEASURED egress blackhole udp/9000: " + sent + "; received " + received + "/1000");
                assertThat(sent.sent()).as(sent.toString()).isEqualTo(1000);
                assertThat(sent.errors()).isZero();
                assertThat(received).isZero();
            }
            try (UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
                SendStats sent = client.udpSend(NetnsPair.B_IPV4, 9000, 200);
                long received = sink.received();
                System.out.println("MEASURED egress blackhole udp/9000 after revert: received " + received + "/200");
                assertThat(received).isEqualTo(sent.sent()).isEqualTo(200);
            }
        }
    }

    @Test
    void ingressTcp_clientConnectsTimeOutWhileOtherPortConnects() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT, OTHER_PORT)) {
            TrafficClient client = TrafficClient.in(pair.a());
            BlackholeSpec spec = new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS,
                    Targeting.all());
            try (AppliedFault fault = AppliedFault.apply(pair.b(), spec)) {
                assertThat(fault.verify()).isEmpty();
                ConnectStats blocked = print("ingress blackhole tcp/8080 (server side), blackholed port", client.tcpConnect(NetnsPair.B_IPV4, PORT, TIMEOUT_MS, 3));
                ConnectStats other = print("ingress blackhole tcp/8080 (server side), other port", client.tcpConnect(NetnsPair.B_IPV4, OTHER_PORT, TIMEOUT_MS, 3));
                assertThat(blocked.timeouts()).as(blocked.summary()).isEqualTo(3);
                assertThat(other.successes()).as(other.summary()).isEqualTo(3);
                assertThat(fault.revert()).isEmpty();
            }
            ConnectStats after = print("ingress blackhole tcp/8080, after revert", client.tcpConnect(NetnsPair.B_IPV4, PORT, TIMEOUT_MS, 3));
            assertThat(after.successes()).as(after.summary()).isEqualTo(3);
        }
    }

    @Test
    void ingressUdp_nothingArrivesAtTheServer() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            BlackholeSpec spec = new BlackholeSpec(9000, Protocol.UDP, Direction.INGRESS,
                    Targeting.all());
            try (AppliedFault fault = AppliedFault.apply(pair.b(), spec);
                 UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
                SendStats sent = TrafficClient.in(pair.a()).udpSend(NetnsPair.B_IPV4, 9000, 500);
                long received = sink.received();
                System.out.println("MEASURED ingress blackhole udp/9000 (server side): " + sent + "; received " + received + "/500");
                assertThat(sent.errors()).isZero();
                assertThat(received).isZero();
            }
        }
    }

    @Test
    void egressUdp_withoutNftEgressHookFallsBackToSilentRedirectDrop() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT)) {
            TrafficClient client = TrafficClient.in(pair.a());
            KernelSnapshot before = KernelSnapshot.take(pair.a());
            BlackholeSpec spec = new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all());
            Capabilities noEgressHook = Fixtures.without(Facts.capabilities(), Feature.NFT_EGRESS_HOOK);
            try (AppliedFault fault = AppliedFault.apply(pair.a(), spec, Instant.now().plus(AppliedFault.DEFAULT_LIFETIME), noEgressHook);
                 UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
                assertThat(fault.plan().apply()).extracting(c -> c.program()).doesNotContain("nft");
                assertThat(fault.verify()).isEmpty();
                SendStats sent = client.udpSend(NetnsPair.B_IPV4, 9000, 1000);
                long received = sink.received();
                ConnectStats tcp = print("tc redirect-drop fallback udp/9000, tcp/8080 beside it", client.tcpConnect(NetnsPair.B_IPV4, PORT, TIMEOUT_MS, 2));
                System.out.println("MEASURED egress blackhole udp/9000 via " + fault.plan().mechanism() + ": " + sent
                        + "; received " + received + "/1000");
                assertThat(sent.errors()).isZero();
                assertThat(received).isZero();
                assertThat(tcp.successes()).as(tcp.summary()).isEqualTo(2);
                assertThat(fault.revert()).isEmpty();
            }
            RevertIdentityTest.assertIdentical("the tc redirect-drop fallback", before, KernelSnapshot.take(pair.a()));
        }
    }

    static ConnectStats print(String what, ConnectStats stats) {
        System.out.println("MEASURED " + what + ": " + stats.summary());
        return stats;
    }
}
