package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.testing.ServedAgent;
import dev.netfault.agent.testing.ServedPair;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.SendStats;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.UdpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network-packet-loss} with the Ports and Protocol extensions through {@code netfault serve --netns} and its
 * HTTP API, on real UDP (this kernel has no sch_netem: the nftables netdev egress drop): 20 % on port 9001 only, port
 * 9002 untouched, nothing left after stop; Protocol tcp on that port leaves UDP alone; a bad Ports or Protocol value
 * is refused and applies nothing.
 */
@Tag("privileged")
class PortLossPrivilegedTest {

    private static final int TARGETED = 9001;
    private static final int OTHER = 9002;
    private static final int DATAGRAMS = 3000;

    @TempDir
    Path state;

    @RegisterExtension
    final ServedPair fixture = new ServedPair();

    @Test
    void lossOnOneUdpPort_thatPortLoses20PercentAnotherNothing_andStopRestoresIt() throws Exception {
        NetnsPair pair = fixture.create(NetnsPair.builder().prefix("nfep"));
        ServedAgent agent = fixture.serve(state);
        String start = "{\"LossPercent\":20,\"Sources\":[\"" + NetnsPair.B_IPV4 + "\"],\"DurationSeconds\":300,"
                + "\"Ports\":[" + TARGETED + "],\"Protocol\":\"udp\"}";

        assertThat(agent.post("network-packet-loss/start", start.replace("[" + TARGETED + "]", "[" + TARGETED + ",0]")))
                .isEqualTo("400 {\"Error\":\"invalid value 0 for parameter Ports (expected: 1-65535)\"}");
        assertThat(agent.post("network-packet-loss/start", start.replace("\"udp\"", "\"sctp\"")))
                .isEqualTo("400 {\"Error\":\"invalid value sctp for parameter Protocol (expected: tcp or udp)\"}");
        assertThat(agent.post("network-packet-loss/status", "")).isEqualTo("200 {\"Status\":\"not-running\"}");
        assertThat(pair.a().exec("nft", "list", "ruleset")).doesNotContain("netfault");

        assertThat(agent.post("network-packet-loss/start", start)).isEqualTo("200 {\"Status\":\"running\"}");
        String faults = agent.get("/faults");
        assertThat(faults).startsWith("200 ").contains("\"Ports\":[9001],\"Protocol\":\"udp\"");
        assertThat(journal()).containsExactly("{\"sources\":[\"198.51.100.2/32\"],\"exemptions\":[],\"interface\":null,"
                + "\"flowsPercent\":100,\"direction\":\"egress\",\"ports\":[9001],\"protocol\":\"udp\"}");
        assertThat(pair.a().exec("nft", "list", "ruleset")).contains("dport " + TARGETED);

        double targeted = loss("20% loss with Ports [9001] Protocol udp, udp to port " + TARGETED, TARGETED);
        double other = loss("20% loss with Ports [9001] Protocol udp, udp to port " + OTHER, OTHER);
        assertThat(targeted).isBetween(16.0, 24.0);
        assertThat(other).isZero();

        assertThat(agent.post("network-packet-loss/stop", "")).isEqualTo("200 {\"Status\":\"stopped\"}");
        assertThat(loss("after stop, udp to port " + TARGETED, TARGETED)).isZero();
        assertThat(pair.a().exec("nft", "list", "ruleset")).doesNotContain("netfault");

        // Protocol tcp on the same port leaves UDP to it alone
        assertThat(agent.post("network-packet-loss/start", start.replace("\"udp\"", "\"tcp\"")))
                .isEqualTo("200 {\"Status\":\"running\"}");
        assertThat(loss("20% loss with Ports [9001] Protocol tcp, udp to port " + TARGETED, TARGETED)).isZero();
        assertThat(agent.post("network-packet-loss/stop", "")).isEqualTo("200 {\"Status\":\"stopped\"}");
        assertThat(pair.a().exec("nft", "list", "ruleset")).doesNotContain("netfault");
    }

    private double loss(String what, int port) throws InterruptedException {
        NetnsPair pair = fixture.pair();
        try (UdpSink sink = TrafficClient.in(pair.b()).udpSink(port, 60)) {
            SendStats sent = TrafficClient.in(pair.a()).udpSend(NetnsPair.B_IPV4, port, DATAGRAMS);
            long dropped = sent.sent() - sink.received();
            double percent = 100.0 * dropped / DATAGRAMS;
            System.out.println(String.format(Locale.ROOT, "MEASURED %s: %d/%d dropped = %.2f%%; %s", what, dropped,
                    DATAGRAMS, percent, sent));
            assertThat(sent.sent()).as(sent.toString()).isEqualTo(DATAGRAMS);
            assertThat(sent.errors()).as(sent.toString()).isZero();
            return percent;
        }
    }

    /** The targeting of every journal entry in the state directory, as compact JSON. */
    private List<String> journal() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("agent.log")).toList()) {
                JsonNode t = json.readTree(f.toFile()).path("spec").path("targeting");
                if (!t.isMissingNode()) {
                    out.add(t.toString());
                }
            }
        }
        return out;
    }
}
