package dev.netfault.agent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.testing.ServedAgent;
import dev.netfault.agent.testing.ServedPair;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.bridge.testing.UdpClock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostname in {@code Sources} whose DNS answer grows while a 100 % loss fault runs, on real traffic through
 * {@code netfault serve --netns}: the agent's JVM asks a {@link ZoneServer} on loopback ({@code -Ddns.server}, no
 * production option), the name first answers {@code 198.51.100.2}, then {@code 198.51.100.2, 198.51.100.3}. A steady
 * 1000 datagrams/s stream to .2 must lose every datagram before, during and after the change (the new address is
 * added in place, no revert), and a stream to .3 that flowed before the change must stop soon after it (the agent
 * re-resolves every {@link HostnameSources#MIN_INTERVAL} at the TTL of 1 s). This kernel has no sch_netem, so the
 * fault is the nftables netdev fallback.
 */
@Tag("privileged")
class HostnameAddSourcesPrivilegedTest {

    private static final String NAME = "db.nfl.test";
    private static final String EXTRA = "198.51.100.3";
    /** Datagrams printed by the receiver this long after an nft transaction returned were sent after it. */
    private static final long GRACE_MS = 200;

    @TempDir
    Path state;

    @RegisterExtension
    final ServedPair fixture = new ServedPair();


    @Test
    void dnsAnswerGrows_newAddressIsAddedToTheRunningLossFaultWithNoDatagramThrough() throws Exception {
        NetnsPair pair = fixture.create(NetnsPair.builder().prefix("nfl").extraAddressOnB(EXTRA + "/24"));
        ZoneServer zone = fixture.closesLast(new ZoneServer(NAME, List.of(InetAddress.getByName(NetnsPair.B_IPV4))));
        ServedAgent agent = fixture.serve(state, "-Ddns.server=" + zone.address());

        try (UdpClock to2 = TrafficClient.in(pair.b()).udpClock(9000);
                UdpClock to3 = TrafficClient.in(pair.b()).udpClock(9002);
                TrafficProcess stream2 = TrafficClient.in(pair.a()).udpStream(NetnsPair.B_IPV4, 9000, 1000);
                TrafficProcess stream3 = TrafficClient.in(pair.a()).udpStream(EXTRA, 9002, 1000)) {
            long t = System.currentTimeMillis();
            Thread.sleep(1000);
            assertThat(to2.between(t, System.currentTimeMillis())).as("the stream to .2 flows before the fault").isPositive();

            assertThat(agent.post("network-packet-loss/start",
                    "{\"LossPercent\":100,\"Sources\":[\"" + NAME + "\"],\"DurationSeconds\":120}"))
                    .isEqualTo("200 {\"Status\":\"running\"}");
            long started = System.currentTimeMillis();
            Thread.sleep(1500);
            long changed = System.currentTimeMillis();
            assertThat(to2.between(started + GRACE_MS, changed)).as("datagrams to .2 through before the change").isZero();
            assertThat(to3.between(started + GRACE_MS, changed)).as(".3 is not a source before the change").isPositive();

            zone.answer(List.of(InetAddress.getByName(NetnsPair.B_IPV4), InetAddress.getByName(EXTRA)));
            long silentSince = -1;
            long deadline = changed + 20_000;
            while (System.currentTimeMillis() < deadline) { // until .3 has been silent for a second
                Thread.sleep(100);
                long now = System.currentTimeMillis();
                List<Long> got = to3.arrivals();
                long last = got.isEmpty() ? 0 : got.get(got.size() - 1);
                if (now - last >= 1000) {
                    silentSince = last;
                    break;
                }
            }
            assertThat(silentSince).as(".3 impaired within 20 s of the DNS change").isPositive();
            Thread.sleep(1500);
            long end = System.currentTimeMillis();
            long through2During = to2.between(changed, end);
            long through2 = to2.between(started + GRACE_MS, end);
            long through3After = to3.between(silentSince + 1, end);
            long served = zone.changedServedAtMillis();

            assertThat(agent.post("network-packet-loss/stop", "")).isEqualTo("200 {\"Status\":\"stopped\"}");
            long stopped = System.currentTimeMillis();
            Thread.sleep(1000);
            long after2 = to2.between(stopped + GRACE_MS, System.currentTimeMillis());
            long after3 = to3.between(stopped + GRACE_MS, System.currentTimeMillis());
            stream2.closeInput();
            stream3.closeInput();
            String sent2 = stream2.awaitLine("sent ", Duration.ofSeconds(10));
            String sent3 = stream3.awaitLine("sent ", Duration.ofSeconds(10));

            System.out.println("MEASURED hostname Sources under a 100% loss fault, DNS answer " + NAME + " .2 -> .2,.3 at +"
                    + (changed - started) + " ms: " + through2During + " datagrams to .2 through in the "
                    + (end - changed) + " ms from the change (" + through2 + " from the start, "
                    + (end - started - GRACE_MS) + " ms at 1000/s); changed answer first served "
                    + (served - changed) + " ms after the change; last datagram to .3 through " + (silentSince - changed)
                    + " ms after the change (" + (silentSince - served) + " ms after the agent got the new answer), "
                    + through3After + " after; after stop: .2 " + after2 + ", .3 " + after3 + " in 800 ms; streams: "
                    + sent2 + " / " + sent3 + "; " + zone.queries() + " DNS queries");
            assertThat(through2During).as("datagrams to .2 through while the DNS answer changed").isZero();
            assertThat(through2).as("datagrams to .2 through while the fault ran").isZero();
            assertThat(served).as("the agent asked again and got the new answer").isPositive();
            assertThat(through3After).as("datagrams to .3 through once it was impaired").isZero();
            assertThat(after2).as(".2 flows again after stop").isPositive();
            assertThat(after3).as(".3 flows again after stop").isPositive();
            assertThat(sent2).endsWith("errors 0");
            assertThat(sent3).endsWith("errors 0");
        }
        assertThat(Files.readString(state.resolve("agent.log"))).contains("added [" + EXTRA + "/32]");
        assertThat(pair.a().exec("nft", "list", "ruleset")).doesNotContain("netfault");
    }
}
