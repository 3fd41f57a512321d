package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.state.Counters;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.state.StateReader;
import dev.netfault.bridge.sweep.SweepResult;
import dev.netfault.bridge.sweep.Sweeper;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.ApplicationState;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.KernelSnapshot;
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

/**
 * The kernel package against real traffic: StateReader's drop counters equal the drops measured on the wire, and the
 * Sweeper removes the faults of an agent that died without reverting, so traffic flows again and the application's
 * own state is untouched.
 */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class StateTrafficTest {

    static final int PORT = 8080;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    @Test
    void stateReader_lossDropCounterEqualsDatagramsLost() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            pair.warmNeighbours(); // no datagram may wait for ARP while the fault runs
            LossSpec spec = LossSpec.random(20, Targeting.all().withSources(List.of(Cidr.parse(NetnsPair.B_IPV4))));
            try (AppliedFault fault = AppliedFault.apply(pair.a(), spec);
                 UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
                SendStats sent = TrafficClient.in(pair.a()).udpSend(NetnsPair.B_IPV4, 9000, 2000);
                long lost = sent.sent() - sink.received();
                Counters counters = counters(pair.a(), fault.plan().id());
                System.out.println("MEASURED loss 20%: " + lost + "/2000 lost on the wire, StateReader counts "
                        + counters.drops() + " drops");
                assertThat(sent.errors()).isZero();
                assertThat(counters.drops()).isEqualTo(lost);
            }
        }
    }

    @Test
    void stateReader_ingressBlackholeDropCounterEqualsDatagramsSent() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             AppliedFault fault = AppliedFault.apply(pair.b(), new BlackholeSpec(9000, Protocol.UDP, Direction.INGRESS, Targeting.all()));
             UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
            SendStats sent = TrafficClient.in(pair.a()).udpSend(NetnsPair.B_IPV4, 9000, 500);
            long received = sink.received();
            Counters counters = counters(pair.b(), fault.plan().id());
            System.out.println("MEASURED ingress blackhole udp/9000: " + sent.sent() + " sent, " + received
                    + " received, StateReader counts " + counters.drops() + " drops");
            assertThat(received).isZero();
            assertThat(counters.drops()).isEqualTo(sent.sent());
        }
    }

    @Test
    void sweeper_removesFaultsOfADeadAgentAndTrafficFlowsAgain() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT)) {
            Netns b = pair.b();
            ApplicationState.install(b, PORT);
            KernelSnapshot before = KernelSnapshot.take(b);
            TrafficClient client = TrafficClient.in(pair.a());
            try (AppliedFault ingress = AppliedFault.apply(b, new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS, Targeting.all()));
                 AppliedFault egress = AppliedFault.apply(b, new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all()));
                 AppliedFault loss = AppliedFault.apply(b, LossSpec.random(20, Targeting.all()))) {
                ingress.abandon();
                egress.abandon();
                loss.abandon();
                ConnectStats blocked = client.tcpConnect(NetnsPair.B_IPV4, PORT, 500, 1);
                assertThat(blocked.timeouts()).as(blocked.summary()).isEqualTo(1);

                SweepResult swept = new Sweeper(b.runner()).sweep(id -> false, false);
                System.out.println("MEASURED sweep after a simulated kill -9: removed " + swept.removed().size()
                        + " objects " + swept.removed().stream().map(KernelObject::name).toList() + ", left "
                        + swept.left().size());
                assertThat(swept.complete()).as(swept.errors().toString()).isTrue();
                assertThat(swept.removed()).extracting(o -> o.owner().orElseThrow()).contains(
                        ingress.plan().id(), egress.plan().id(), loss.plan().id());
            }
            ConnectStats after = BlackholeTrafficTest.print("after the sweep", client.tcpConnect(NetnsPair.B_IPV4, PORT, 500, 3));
            assertThat(after.successes()).as(after.summary()).isEqualTo(3);
            RevertIdentityTest.assertIdentical("a sweep of three abandoned faults", before, KernelSnapshot.take(b));
        }
    }

    private static Counters counters(Netns ns, FaultId id) throws InterruptedException {
        List<KernelObject> objects = new StateReader(ns.runner()).read().objectsOf(id);
        assertThat(objects).as("the fault's objects").isNotEmpty();
        return objects.stream().map(KernelObject::counters).reduce(Counters.ZERO, Counters::plus);
    }
}
