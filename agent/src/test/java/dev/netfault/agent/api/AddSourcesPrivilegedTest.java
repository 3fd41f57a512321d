package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.testing.ServedAgent;
import dev.netfault.agent.testing.ServedPair;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.UdpSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add-sources} on a running 100 % loss fault, through {@code netfault serve --netns}: a UDP stream at a steady
 * rate to a source of the fault while sources and exemptions are added twenty times must lose every datagram (no
 * moment unimpaired), an added source loses everything too, and an added exemption passes. This kernel has no
 * sch_netem, so the fault is the nftables netdev fallback and each addition one {@code nft -f} transaction.
 */
@Tag("privileged")
class AddSourcesPrivilegedTest {

    private static final String EXTRA = "198.51.100.3";
    private static final int STREAM = 120_000;

    @TempDir
    Path state;

    @RegisterExtension
    final ServedPair fixture = new ServedPair();

    @Test
    void addSources_noDatagramPassesWhileSourcesAreAddedAndAddedSourcesAndExemptionsTakeEffect() throws Exception {
        NetnsPair pair = fixture.create(NetnsPair.builder().prefix("nfsrc").extraAddressOnB(EXTRA + "/24"));
        ServedAgent agent = fixture.serve(state);
        assertThat(agent.post("network-packet-loss/start",
                "{\"LossPercent\":100,\"Sources\":[\"" + NetnsPair.B_IPV4 + "\"],\"DurationSeconds\":300}"))
                .isEqualTo("200 {\"Status\":\"running\"}");

        List<Long> addMillis = new ArrayList<>();
        long sent;
        long received;
        try (UdpSink sink = TrafficClient.in(pair.b()).udpSink(9000, 120)) {
            CompletableFuture<SendStats> stream = CompletableFuture.supplyAsync(() -> {
                try {
                    return TrafficClient.in(pair.a()).udpSend(NetnsPair.B_IPV4, 9000, STREAM);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(800); // the sender's JVM is up and sending
            for (int i = 0; i < 20 && !stream.isDone(); i++) {
                String body = i % 2 == 0
                        ? "{\"Sources\":[\"198.51.100." + (100 + i) + "\",\"2001:db8::" + (100 + i) + "\"]}"
                        : "{\"Sources\":[\"198.51.100." + (100 + i) + "\"],\"SourcesToFilter\":[\"198.51.100." + (200 + i) + "\"]}";
                long t0 = System.nanoTime();
                assertThat(agent.post("network-packet-loss/add-sources", body)).isEqualTo("200 {\"Status\":\"running\"}");
                addMillis.add((System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(100);
            }
            assertThat(stream.isDone()).as("the stream outlasted the additions").isFalse();
            SendStats stats = stream.get(120, TimeUnit.SECONDS);
            sent = stats.sent();
            assertThat(stats.errors()).as(stats.toString()).isZero();
            received = sink.received();
        }
        System.out.println("MEASURED add-sources under a 100% loss fault: " + addMillis.size() + " additions during a "
                + sent + "-datagram UDP stream, " + received + " datagrams through; add-sources answered in " + addMillis + " ms");
        assertThat(addMillis).hasSize(20);
        assertThat(sent).isEqualTo(STREAM);
        assertThat(received).as("datagrams that passed the fault while sources were added").isZero();

        // the added source is impaired now, and an added exemption is not
        assertThat(delivered(EXTRA, 500)).isEqualTo(500);
        assertThat(agent.post("network-packet-loss/add-sources", "{\"Sources\":[\"" + EXTRA + "\"]}"))
                .isEqualTo("200 {\"Status\":\"running\"}");
        assertThat(delivered(EXTRA, 500)).isZero();
        assertThat(agent.post("network-packet-loss/add-sources", "{\"SourcesToFilter\":[\"" + EXTRA + "/32\"]}"))
                .isEqualTo("200 {\"Status\":\"running\"}");
        assertThat(delivered(EXTRA, 500)).isEqualTo(500);
        assertThat(delivered(NetnsPair.B_IPV4, 500)).isZero();
        assertThat(agent.post("network-latency/add-sources", "{\"Sources\":[\"198.51.100.9\"]}"))
                .isEqualTo("404 {\"Error\":\"no network-latency fault is currently running for the task\"}");

        assertThat(agent.post("network-packet-loss/stop", "")).isEqualTo("200 {\"Status\":\"stopped\"}");
        assertThat(delivered(NetnsPair.B_IPV4, 500)).isEqualTo(500);
        assertThat(pair.a().exec("nft", "list", "ruleset")).doesNotContain("netfault");
    }

    private long delivered(String host, int count) throws InterruptedException {
        NetnsPair pair = fixture.pair();
        try (UdpSink sink = TrafficClient.in(pair.b()).udpSink(9001, 60)) {
            SendStats s = TrafficClient.in(pair.a()).udpSend(host, 9001, count);
            assertThat(s.errors()).as(s.toString()).isZero();
            return sink.received();
        }
    }
}
