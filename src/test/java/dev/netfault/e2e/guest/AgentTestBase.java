package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.e2e.AgentClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests against the shared agent (in the client namespace of the shared pair, see {@link SharedAgent}), driven over
 * HTTP through the e2e {@link AgentClient}; every test starts from an idle agent and must leave the client namespace's
 * qdiscs exactly as they were ({@code tc -j qdisc show}).
 */
@Tag("guest")
@ExtendWith(SharedAgent.class)
abstract class AgentTestBase {
    NetnsPair pair;
    AgentClient agent;
    private SharedAgent.Fixture fixture;
    /** Median RTT to the server with no fault, in ms. */
    double baseline;
    String qdiscsBefore;

    @BeforeEach
    void recordQdiscs(SharedAgent.Fixture shared) throws InterruptedException {
        fixture = shared;
        pair = shared.pair();
        agent = shared.client();
        baseline = shared.baseline();
        qdiscsBefore = GuestNetwork.qdiscs(pair.a());
    }

    @AfterEach
    void stopEverything() {
        if (agent != null) {
            stopOk("network-latency");
            stopOk("network-packet-loss");
        }
    }

    /** Starts a fault and insists on 200 {"Status":"running"}. */
    void startOk(String kind, Map<String, ?> body) throws InterruptedException {
        AgentClient.Response response = agent.post("/fault/v1/" + kind + "/start", body);
        if (response.status() != 200 || !"running".equals(response.json().path("Status").asText())) {
            throw new AssertionError("start " + kind + " " + body + " answered " + response + "; agent log: "
                    + fixture.logTail());
        }
        // lets the agent finish its after-start work (verify, journal) before a test measures: the guest has 2 CPUs
        Thread.sleep(500);
    }

    void stopOk(String kind) {
        AgentClient.Response response = agent.post("/fault/v1/" + kind + "/stop", "");
        if (response.status() != 200) {
            throw new AssertionError("stop " + kind + " answered " + response);
        }
    }

    String status(String kind) {
        return agent.post("/fault/v1/" + kind + "/status", "").json().path("Status").asText();
    }

    /** Median RTT from the client to {@code destination} over {@code count} echoes 20 ms apart. */
    double median(String destination, int count) throws InterruptedException {
        return Ping.run(pair.a(), destination, count, "0.02").median();
    }

    /** After a stop or an expiry: RTT back at the baseline and the qdiscs byte-for-byte what they were. */
    void assertBackToBaseline(String what) throws InterruptedException {
        double after = median(GuestNetwork.SERVER_V4, 20);
        System.out.printf("%s: after revert median RTT %.2f ms (baseline %.2f ms)%n", what, after, baseline);
        assertThat(after).as("RTT after " + what).isLessThan(baseline + 2.0);
        assertThat(GuestNetwork.qdiscs(pair.a())).as("tc -j qdisc show after " + what).isEqualTo(qdiscsBefore);
    }

    /** Polls the status route until it says {@code not-running}; returns how long that took. */
    Duration awaitNotRunning(String kind, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if ("not-running".equals(status(kind))) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(kind + " still running after " + limit);
    }
}
