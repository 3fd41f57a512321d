package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.ApplicationState;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.bridge.testing.UdpSink;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The namespace fixtures themselves: without a fault, traffic flows in full, and snapshots are stable. */
@Tag("privileged")
@SuppressWarnings("try") // servers and faults live for the try block without being referenced in it
class FixtureTest {

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    @Test
    void netnsPair_baselineConnectsAndDeliversEveryDatagram() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().extraAddressOnB("198.51.100.3/24").create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(8080)) {
            TrafficClient client = TrafficClient.in(pair.a());
            for (String host : new String[] {NetnsPair.B_IPV4, "198.51.100.3", NetnsPair.B_IPV6}) {
                ConnectStats c = client.tcpConnect(host, 8080, 1000, 3);
                System.out.println("baseline " + c);
                assertThat(c.successes()).as(c.summary()).isEqualTo(3);
            }
            ConnectStats closed = client.tcpConnect(NetnsPair.B_IPV4, 8081, 1000, 1);
            System.out.println("baseline closed port " + closed);
            assertThat(closed.attempts()).extracting(ConnectStats.Attempt::outcome).containsExactly("refused");
            try (UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 30)) {
                SendStats sent = client.udpSend(NetnsPair.B_IPV4, 9000, 2000);
                long received = sink.received();
                System.out.println("baseline " + sent + "; received " + received + "/2000");
                assertThat(sent.errors()).isZero();
                assertThat(received).isEqualTo(2000);
            }
        }
    }

    /** The instrument can see a drop that is not silent, so "0 send errors" under a fault means something. */
    @Test
    void udpSend_countsEpermFromAnIptablesOutputDrop() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            pair.a().exec("iptables", "-w", "5", "-A", "OUTPUT", "-p", "udp", "-d", NetnsPair.B_IPV4, "--dport", "9000", "-j", "DROP");
            SendStats sent = TrafficClient.in(pair.a()).udpSend(NetnsPair.B_IPV4, 9000, 200);
            System.out.println("MEASURED plain iptables OUTPUT DROP (not netfault): " + sent);
            assertThat(sent.eperm()).as(sent.toString()).isEqualTo(200);
            assertThat(sent.firstError()).contains("Operation not permitted");
        }
    }

    @Test
    void netnsPair_closeDeletesBothNamespaces() throws Exception {
        String a;
        String b;
        try (NetnsPair pair = NetnsPair.create()) {
            a = pair.a().name();
            b = pair.b().name();
            assertThat(netnsList()).contains(a, b);
        }
        assertThat(netnsList()).doesNotContain(a, b);
    }

    @Test
    void kernelSnapshot_stableAcrossTrafficAndSeesApplicationState() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            KernelSnapshot empty = KernelSnapshot.take(pair.b());
            ApplicationState.install(pair.b(), 8080);
            KernelSnapshot installed = KernelSnapshot.take(pair.b());
            assertThat(empty.diff(installed)).contains("iptables-save", "nft list ruleset", "tc -j qdisc show");
            try (TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(8080)) {
                assertThat(TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, 8080, 1000, 5).successes()).isEqualTo(5);
            }
            KernelSnapshot afterTraffic = KernelSnapshot.take(pair.b());
            assertThat(afterTraffic).as(installed.diff(afterTraffic)).isEqualTo(installed);
            assertThat(installed.iptables()).contains("-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT");
            assertThat(installed.qdiscs()).contains("\"kind\":\"htb\"");
        }
    }

    private static String netnsList() throws InterruptedException {
        return new ProcessCommandRunner().run(Command.of("ip", "netns", "list"), Duration.ofSeconds(5)).stdout();
    }
}
