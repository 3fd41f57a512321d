package dev.netfault.bridge.traffic;

import static dev.netfault.bridge.traffic.BlackholeTrafficTest.print;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.bridge.testing.UdpSink;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The same faults on IPv6 traffic (2001:db8::1 to 2001:db8::2 over the veth pair). */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class Ipv6TrafficTest {

    static final int PORT = 8080;
    static final int OTHER_PORT = 8081;
    static final String EXEMPT6 = "2001:db8::3";

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    @Test
    void egressTcp_ipv6BlackholedPortTimesOutWhileOtherPortAndExemptAddressConnect() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().extraAddressOnB(EXEMPT6 + "/64").create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT, OTHER_PORT)) {
            TrafficClient client = TrafficClient.in(pair.a());
            BlackholeSpec spec = new BlackholeSpec(PORT, Protocol.TCP, Direction.EGRESS,
                    Targeting.all().withExemptions(List.of(Cidr.parse(EXEMPT6))));
            try (AppliedFault fault = AppliedFault.apply(pair.a(), spec)) {
                ConnectStats blocked = print("ipv6 egress blackhole tcp/8080, blackholed port", client.tcpConnect(NetnsPair.B_IPV6, PORT, 500, 3));
                ConnectStats other = print("ipv6 egress blackhole tcp/8080, other port", client.tcpConnect(NetnsPair.B_IPV6, OTHER_PORT, 500, 3));
                ConnectStats exempt = print("ipv6 egress blackhole tcp/8080, exempt address", client.tcpConnect(EXEMPT6, PORT, 500, 3));
                assertThat(blocked.timeouts()).as(blocked.summary()).isEqualTo(3);
                assertThat(other.successes()).as(other.summary()).isEqualTo(3);
                assertThat(exempt.successes()).as(exempt.summary()).isEqualTo(3);
                assertThat(fault.revert()).isEmpty();
            }
            assertThat(client.tcpConnect(NetnsPair.B_IPV6, PORT, 500, 2).successes()).isEqualTo(2);
        }
    }

    @Test
    void egressTcp_ipv6SourceLimitsTheBlackholeToThatFamily() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT)) {
            TrafficClient client = TrafficClient.in(pair.a());
            BlackholeSpec spec = new BlackholeSpec(PORT, Protocol.TCP, Direction.EGRESS,
                    Targeting.all().withSources(List.of(Cidr.parse(NetnsPair.B_IPV6))));
            try (AppliedFault fault = AppliedFault.apply(pair.a(), spec)) {
                ConnectStats v6 = print("egress blackhole with Sources=2001:db8::2, ipv6", client.tcpConnect(NetnsPair.B_IPV6, PORT, 500, 2));
                ConnectStats v4 = print("egress blackhole with Sources=2001:db8::2, ipv4 to the same host", client.tcpConnect(NetnsPair.B_IPV4, PORT, 500, 2));
                assertThat(v6.timeouts()).as(v6.summary()).isEqualTo(2);
                assertThat(v4.successes()).as(v4.summary()).isEqualTo(2);
            }
        }
    }

    @Test
    void ingressTcp_ipv6ClientConnectsTimeOut() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT, OTHER_PORT)) {
            TrafficClient client = TrafficClient.in(pair.a());
            try (AppliedFault fault = AppliedFault.apply(pair.b(), new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS, Targeting.all()))) {
                ConnectStats blocked = print("ipv6 ingress blackhole tcp/8080 (server side), blackholed port", client.tcpConnect(NetnsPair.B_IPV6, PORT, 500, 3));
                ConnectStats other = print("ipv6 ingress blackhole tcp/8080 (server side), other port", client.tcpConnect(NetnsPair.B_IPV6, OTHER_PORT, 500, 3));
                assertThat(blocked.timeouts()).as(blocked.summary()).isEqualTo(3);
                assertThat(other.successes()).as(other.summary()).isEqualTo(3);
                assertThat(fault.revert()).isEmpty();
            }
            assertThat(client.tcpConnect(NetnsPair.B_IPV6, PORT, 500, 2).successes()).isEqualTo(2);
        }
    }

    @Test
    void egressUdp_ipv6EverySendSucceedsAndNothingArrives() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             AppliedFault fault = AppliedFault.apply(pair.a(), new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all()));
             UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
            SendStats sent = TrafficClient.in(pair.a()).udpSend(NetnsPair.B_IPV6, 9000, 1000);
            long received = sink.received();
            System.out.println("MEASURED ipv6 egress blackhole udp/9000: " + sent + "; received " + received + "/1000");
            assertThat(sent.sent()).isEqualTo(1000);
            assertThat(received).isZero();
        }
    }

    @Test
    void randomLoss20_ipv6LossWithin16To24PercentAndEverySendSucceeds() throws Exception {
        try (NetnsPair pair = LossTrafficTest.warm(NetnsPair.create());
             AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(20, Targeting.all()))) {
            double loss = LossTrafficTest.measureLoss("ipv6 loss 20% (" + fault.plan().mechanism() + ")",
                    pair.a(), pair.b(), NetnsPair.B_IPV6);
            assertThat(loss).isBetween(16.0, 24.0);
        }
    }
}
