package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests against the shared agent (in the client namespace of the shared pair, see {@link SharedAgent}); every test
 * starts from an idle agent and must leave the client namespace's qdiscs exactly as they were ({@code tc -j qdisc show}).
 */
@Tag("guest")
@ExtendWith(SharedAgent.class)
abstract class AgentTestBase {
    NamespacePair pair;
    Agent agent;
    /** Median RTT to the server with no fault, in ms. */
    double baseline;
    String qdiscsBefore;

    @BeforeEach
    void recordQdiscs(SharedAgent.Fixture fixture) {
        pair = fixture.pair();
        agent = fixture.agent();
        baseline = fixture.baseline();
        qdiscsBefore = pair.clientQdiscs();
    }

    @AfterEach
    void stopEverything() {
        if (agent != null) {
            agent.stopOk("network-latency");
            agent.stopOk("network-packet-loss");
        }
    }

    /** Median RTT from the client to {@code destination} over {@code count} echoes 20 ms apart. */
    double median(String destination, int count) {
        return Ping.run(pair.client, destination, count, "0.02").median();
    }

    /** After a stop or an expiry: RTT back at the baseline and the qdiscs byte-for-byte what they were. */
    void assertBackToBaseline(String what) {
        double after = median(NamespacePair.SERVER_V4, 20);
        System.out.printf("%s: after revert median RTT %.2f ms (baseline %.2f ms)%n", what, after, baseline);
        assertThat(after).as("RTT after " + what).isLessThan(baseline + 2.0);
        assertThat(pair.clientQdiscs()).as("tc -j qdisc show after " + what).isEqualTo(qdiscsBefore);
    }

    /** Polls the status route until it says {@code not-running}; returns how long that took. */
    Duration awaitNotRunning(String kind, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if ("not-running".equals(agent.status(kind))) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(kind + " still running after " + limit);
    }
}
