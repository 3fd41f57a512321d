package dev.netfault.bridge.traffic;

import static dev.netfault.bridge.traffic.LossTrafficTest.measureLoss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ports and Protocol on real traffic (this kernel has no sch_netem: the nftables netdev egress / ingress drop): loss
 * on the targeted destination port only, in both families and both directions, and only for the named protocol.
 */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class PortLossTrafficTest {

    static final int PORT_A = 9001;
    static final int PORT_B = 9002;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    private static NetnsPair pair() throws InterruptedException {
        return LossTrafficTest.warm(NetnsPair.builder().prefix("nfcpl").create());
    }

    private static Targeting udpPortA(Direction d) {
        return Targeting.all().withDirection(d).withPorts(List.of(PORT_A)).withProtocol(Protocol.UDP);
    }

    /** Sends to both ports of both families; port A must lose 16-24 %, port B nothing. */
    private static void portALosesPortBDoesNot(String what, NetnsPair pair) throws InterruptedException {
        for (String host : List.of(NetnsPair.B_IPV4, NetnsPair.B_IPV6)) {
            double a = measureLoss(what + ", udp to " + TrafficClient.endpoint(host, PORT_A), pair.a(), pair.b(), host, PORT_A);
            double b = measureLoss(what + ", udp to " + TrafficClient.endpoint(host, PORT_B), pair.a(), pair.b(), host, PORT_B);
            assertThat(a).as("port %d of %s", PORT_A, host).isBetween(16.0, 24.0);
            assertThat(b).as("port %d of %s", PORT_B, host).isZero();
        }
    }

    @Test
    void egressLoss20OnUdpPortA_portALoses20PercentPortBNothing_ipv4AndIpv6() throws Exception {
        try (NetnsPair pair = pair();
             AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(20, udpPortA(Direction.EGRESS)))) {
            assertThat(fault.verify()).isEmpty();
            portALosesPortBDoesNot("egress loss 20% on udp port " + PORT_A + " (" + fault.plan().mechanism() + ")", pair);
            assertThat(fault.revert()).isEmpty();
        }
    }

    @Test
    void ingressLoss20OnUdpPortA_portALoses20PercentPortBNothing_ipv4AndIpv6() throws Exception {
        try (NetnsPair pair = pair();
             AppliedFault fault = AppliedFault.apply(pair.b(), LossSpec.random(20, udpPortA(Direction.INGRESS)))) {
            assertThat(fault.verify()).isEmpty();
            portALosesPortBDoesNot("ingress loss 20% on the receiver's udp port " + PORT_A + " ("
                    + fault.plan().mechanism() + ")", pair);
            assertThat(fault.revert()).isEmpty();
        }
    }

    @Test
    void protocolTcpOnPortA_dropsTcpToPortAButNotUdpToPortA() throws Exception {
        Targeting tcpA = Targeting.all().withPorts(List.of(PORT_A)).withProtocol(Protocol.TCP);
        try (NetnsPair pair = pair();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT_A, PORT_B);
             AppliedFault fault = AppliedFault.apply(pair.a(), LossSpec.random(100, tcpA))) {
            assertThat(fault.verify()).isEmpty();
            double udp = measureLoss("egress loss 100% on tcp port " + PORT_A + ", udp to the same port",
                    pair.a(), pair.b(), NetnsPair.B_IPV4, PORT_A);
            ConnectStats tcp = TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT_A, 500, 5);
            ConnectStats other = TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT_B, 500, 5);
            System.out.println("MEASURED egress loss 100% on tcp port " + PORT_A + ": tcp connects to " + PORT_A + " "
                    + tcp.successes() + "/" + tcp.count() + " ok, to " + PORT_B + " " + other.successes() + "/"
                    + other.count() + " ok");
            assertThat(udp).isZero();
            assertThat(tcp.count()).isEqualTo(5);
            assertThat(tcp.successes()).as(tcp.toString()).isZero();
            assertThat(other.successes()).as(other.toString()).isEqualTo(5);
        }
    }
}
