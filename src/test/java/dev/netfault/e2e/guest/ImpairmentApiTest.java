package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.e2e.AgentClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * network-impairment through the agent's API in a kernel with netem: one start body with a delay and duplication,
 * measured by ICMP echo (the delay) and a numbered UDP stream ({@link UdpPeer}: duplicates by sequence number, one-way
 * delay by the sender's clock); its 409 against latency; stop back to the baseline, qdiscs byte-identical.
 */
class ImpairmentApiTest extends AgentTestBase {
    private static final String KIND = "network-impairment";
    private static final int PORT = 9100;
    private static final int COUNT = 3000;
    private static final long GAP_US = 1000;

    @AfterEach
    void stopImpairment() {
        if (agent != null) {
            stopOk(KIND);
        }
    }

    @Test
    void start_delay50msDuplicate10_addsTheDelayAndTheDuplicates_thenStopRestores() throws InterruptedException {
        GuestAssumptions.assumeNetem();
        try (UdpPeerProcess sender = UdpPeerProcess.start(pair.a(), PORT);
             UdpPeerProcess receiver = UdpPeerProcess.start(pair.b(), PORT)) {
            // a first stream, not counted: a cold receiver JVM on the emulated CPU overflows its socket buffer
            sender.send(GuestNetwork.SERVER_V4, PORT, COUNT, GAP_US);
            UdpPeerProcess.Report clean = receiver.report(10);

            startOk(KIND, Map.of("DelayMilliseconds", 50, "DuplicatePercent", 10,
                    "Sources", List.of(GuestNetwork.SERVER_V4)));
            assertThat(status(KIND)).isEqualTo("running");

            AgentClient.Response conflict = agent.post("/fault/v1/network-latency/start", Map.of("DelayMilliseconds", 10,
                    "JitterMilliseconds", 0, "Sources", List.of(GuestNetwork.SERVER_V4)));
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.json().path("Error").asText()).isEqualTo("There is already one network impairment fault running");

            JsonNode listed = null;
            for (JsonNode f : agent.get("/faults").json()) {
                if ("impairment".equals(f.path("type").asText())) {
                    listed = f;
                }
            }
            assertThat(listed).as("GET /faults lists the impairment").isNotNull();
            assertThat(listed.path("parameters").path("DelayMilliseconds").asLong()).isEqualTo(50);
            assertThat(listed.path("parameters").path("DuplicatePercent").asLong()).isEqualTo(10);
            assertThat(listed.path("mechanism").asText()).contains("netem");

            Ping.Samples samples = Ping.run(pair.a(), GuestNetwork.SERVER_V4, 60, "0.02");
            double added = samples.median() - baseline;
            assertThat(sender.send(GuestNetwork.SERVER_V4, PORT, COUNT, GAP_US)).isEqualTo(COUNT);
            UdpPeerProcess.Report r = receiver.report(25);
            double ratio = (double) r.intact() / COUNT;
            System.out.printf("impairment API: configured delay 50 ms + duplicate 10%%; measured added median RTT %.2f ms"
                    + " (%.2f - baseline %.2f over %d echoes), UDP one-way delay min %.2f / median %.2f ms, %d datagrams"
                    + " received for %d sent (x%.4f, expected x1.10), %d distinct, %d duplicates; unimpaired stream %d"
                    + " received%n", added, samples.median(), baseline, samples.received().size(), r.owdMin(), r.owd50(),
                    r.intact(), COUNT, ratio, r.unique(), r.duplicates(), clean.intact());
            assertThat(added).as("added RTT (the delay is on the client's egress only)").isBetween(48.0, 60.0);
            assertThat(r.owdMin()).as("least one-way delay").isGreaterThanOrEqualTo(49.0);
            assertThat(r.unique()).isEqualTo(COUNT);
            assertThat(ratio).isBetween(1.07, 1.13);
            assertThat(r.duplicates()).isEqualTo(r.intact() - COUNT);

            stopOk(KIND);
            assertThat(status(KIND)).isEqualTo("not-running");
            assertBackToBaseline("impairment stop");
            assertThat(sender.send(GuestNetwork.SERVER_V4, PORT, COUNT, GAP_US)).isEqualTo(COUNT);
            UdpPeerProcess.Report after = receiver.report(10);
            System.out.printf("impairment API after stop: %d received for %d sent, %d duplicates, one-way median %.2f ms%n",
                    after.intact(), COUNT, after.duplicates(), after.owd50());
            assertThat(after.duplicates()).isZero();
            assertThat(after.owd50()).isLessThan(10.0);
        }
    }
}
