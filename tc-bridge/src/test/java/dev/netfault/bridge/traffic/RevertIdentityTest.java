package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.state.StateReader;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.ApplicationState;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.Facts;
import dev.netfault.bridge.testing.Fixtures;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.bridge.testing.UdpSink;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An application's own iptables / ip6tables rules (with an early ACCEPT in INPUT), its nftables table and its htb root
 * qdisc survive fault cycles byte for byte, and the faults still bite despite the early ACCEPT.
 */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class RevertIdentityTest {

    static final int PORT = 8080;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    @Test
    void revert_leavesApplicationRulesNftTableAndHtbByteIdentical() throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT, 8081)) {
            ApplicationState.install(pair.b(), PORT);
            pair.warmNeighbours();
            KernelSnapshot before = KernelSnapshot.take(pair.b());
            assertThat(new StateReader(pair.b().runner()).read().objects())
                    .as("the application's rules, nft table and htb are never reported as netfault's").isEmpty();
            TrafficClient client = TrafficClient.in(pair.a());

            String appInput = pair.b().exec("iptables", "-w", "-S", "INPUT");
            try (AppliedFault fault = AppliedFault.apply(pair.b(), new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS, Targeting.all()))) {
                assertThat(fault.plan().mechanism()).isEqualTo("nftables inet input");
                assertThat(pair.b().exec("iptables", "-w", "-S", "INPUT")).as("the app's INPUT chain is not touched")
                        .isEqualTo(appInput);
                for (String host : List.of(NetnsPair.B_IPV4, NetnsPair.B_IPV6)) {
                    ConnectStats blocked = BlackholeTrafficTest.print("nft ingress blackhole despite the app's early ACCEPT",
                            client.tcpConnect(host, PORT, 500, 2));
                    assertThat(blocked.timeouts()).as(blocked.summary()).isEqualTo(2);
                }
                assertThat(client.tcpConnect(NetnsPair.B_IPV4, 8081, 500, 1).successes()).isEqualTo(1);
                assertThat(fault.revert()).isEmpty();
            }
            assertIdentical("nft ingress blackhole tcp/8080", before, KernelSnapshot.take(pair.b()));

            Capabilities iptablesOnly = Fixtures.without(Facts.capabilities(), Feature.NFTABLES);
            try (AppliedFault fault = AppliedFault.apply(pair.b(), new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                    Instant.now().plus(AppliedFault.DEFAULT_LIFETIME), iptablesOnly)) {
                String chain = Ownership.chain(fault.plan().id());
                assertThat(KernelSnapshot.take(pair.b()).netfaultObjects()).as("the fault's marked objects").isNotEmpty();
                assertThat(pair.b().exec("iptables", "-w", "-S", "INPUT").lines().skip(1).findFirst())
                        .as("the fault's jump comes before the application's ACCEPT").hasValueSatisfying(l -> assertThat(l).contains(chain));
                for (String host : List.of(NetnsPair.B_IPV4, NetnsPair.B_IPV6)) {
                    ConnectStats blocked = BlackholeTrafficTest.print("ingress blackhole despite the app's early ACCEPT",
                            client.tcpConnect(host, PORT, 500, 2));
                    assertThat(blocked.timeouts()).as(blocked.summary()).isEqualTo(2);
                }
                assertThat(client.tcpConnect(NetnsPair.B_IPV4, 8081, 500, 1).successes()).isEqualTo(1);
                assertThat(fault.revert()).isEmpty();
            }
            assertIdentical("ingress blackhole tcp/8080", before, KernelSnapshot.take(pair.b()));
            assertThat(client.tcpConnect(NetnsPair.B_IPV4, PORT, 500, 2).successes()).isEqualTo(2);

            try (AppliedFault fault = AppliedFault.apply(pair.b(), new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all()));
                 UdpSink sink = TrafficClient.in(pair.a()).udpSink(9000, 30)) {
                SendStats sent = TrafficClient.in(pair.b()).udpSend(NetnsPair.A_IPV4, 9000, 500);
                long received = sink.received();
                System.out.println("MEASURED egress blackhole udp/9000 beside the app's rules: " + sent + "; received " + received);
                assertThat(sent.errors()).isZero();
                assertThat(received).isZero();
                assertThat(fault.revert()).isEmpty();
            }
            assertIdentical("egress blackhole udp/9000", before, KernelSnapshot.take(pair.b()));

            try (AppliedFault fault = AppliedFault.apply(pair.b(), LossSpec.random(20, Targeting.all()));
                 UdpSink sink = TrafficClient.in(pair.a()).udpSink(9000, 30)) {
                SendStats sent = TrafficClient.in(pair.b()).udpSend(NetnsPair.A_IPV4, 9000, 1000);
                double loss = 100.0 * (sent.sent() - sink.received()) / 1000;
                System.out.println(String.format(Locale.ROOT,
                        "MEASURED loss 20%% under the app's htb root: %.1f%% of 1000 lost; %s", loss, sent));
                assertThat(sent.errors()).isZero();
                assertThat(loss).isBetween(12.0, 28.0);
                assertThat(fault.revert()).isEmpty();
            }
            assertIdentical("loss 20%", before, KernelSnapshot.take(pair.b()));

            Capabilities tcOnly = Fixtures.without(Facts.capabilities(), Feature.NFT_EGRESS_HOOK);
            try (AppliedFault fault = AppliedFault.apply(pair.b(), new BlackholeSpec(9000, Protocol.UDP, Direction.EGRESS, Targeting.all()),
                         Instant.now().plus(AppliedFault.DEFAULT_LIFETIME), tcOnly);
                 UdpSink sink = TrafficClient.in(pair.a()).udpSink(9000, 30)) {
                SendStats sent = TrafficClient.in(pair.b()).udpSend(NetnsPair.A_IPV4, 9000, 500);
                long received = sink.received();
                System.out.println("MEASURED egress blackhole udp/9000 via " + fault.plan().mechanism()
                        + " beside the app's htb root: " + sent + "; received " + received);
                assertThat(sent.errors()).isZero();
                assertThat(received).isZero();
                assertThat(fault.revert()).isEmpty();
            }
            assertIdentical("the tc redirect-drop blackhole beside an htb root", before, KernelSnapshot.take(pair.b()));
        }
    }

    static void assertIdentical(String what, KernelSnapshot before, KernelSnapshot after) {
        assertThat(after).as(what + " left changes behind:\n" + before.diff(after)).isEqualTo(before);
        assertThat(after.netfaultObjects()).isEmpty();
        int bytes = before.parts().values().stream().mapToInt(String::length).sum();
        System.out.println("MEASURED revert of " + what + ": iptables-save, ip6tables-save, nft list ruleset, ipset,"
                + " links, tc qdiscs and filters byte-identical to before (" + bytes + " bytes compared)");
    }
}
