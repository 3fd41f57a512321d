package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.e2e.AgentClient;
import dev.netfault.e2e.AgentProcess;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Egress latency held by the kernel lease (guest kernel with netem): an nft rule steers packets into netem by their
 * priority; with a 3 s lease the delay holds through renewals while the agent lives, and once the agent is SIGKILLed
 * the delay is gone within lease + 1 s although the tc tree is still in place, with no process involved.
 */
@Tag("guest")
class LeaseGuestTest {

    @Test
    void sigkill_latencyHeldThroughRenewalsThenGoneWithinTheLease() throws Exception {
        GuestAssumptions.assumeNetem();
        try (SharedAgent.Fixture own = SharedAgent.Fixture.create("--lease", "3s")) {
            AgentClient agent = own.client();
            double baseline = own.baseline();
            AgentClient.Response started = agent.post("/fault/v1/network-latency/start", Map.of("DelayMilliseconds", 100,
                    "JitterMilliseconds", 0, "Sources", List.of(GuestNetwork.SERVER_V4), "DurationSeconds", 300));
            assertThat(started.status()).as(started.toString()).isEqualTo(200);
            Thread.sleep(500);
            assertThat(GuestNetwork.qdiscs(own.pair().a())).contains("netem");
            // 10 s of echoes (more than three 3 s leases): every reply delayed, none escaping during renewals
            Ping.Samples held = Ping.run(own.pair().a(), GuestNetwork.SERVER_V4, 50, "0.2");
            long undelayed = held.received().stream().filter(rtt -> rtt - baseline < 90).count();
            System.out.printf("lease guest: latency 100 ms, lease 3 s, 50 echoes over 10 s: %d of %d replies "
                    + "undelayed, median added %.2f ms%n", undelayed, held.received().size(), held.median() - baseline);
            assertThat(held.received()).hasSizeGreaterThan(45);
            assertThat(undelayed).as("echoes that escaped the delay during renewals").isZero();

            long killed = System.nanoTime();
            own.agent().kill9();
            long pingStart = System.nanoTime();
            Ping.Samples after = Ping.run(own.pair().a(), GuestNetwork.SERVER_V4, 120, "0.05");
            int first = -1;
            for (int i = 0; i < after.rttMs().length; i++) {
                if (!Double.isNaN(after.rttMs()[i]) && after.rttMs()[i] - baseline < 50) {
                    first = i;
                    break;
                }
            }
            assertThat(first).as("an undelayed echo after the kill").isNotNegative();
            double clean = (pingStart - killed) / 1e9 + first * 0.05;
            System.out.printf("lease guest: latency after SIGKILL: undelayed again %.2f s later (lease 3 s); "
                    + "tc tree still there: %s%n", clean, GuestNetwork.qdiscs(own.pair().a()).contains("netem"));
            assertThat(clean).as("clean within lease + 1 s").isLessThanOrEqualTo(4.0);

            // a new agent on the same state directory sweeps what the killed one left (the tc tree and the nft table)
            AgentProcess sweeper = SharedAgent.Fixture.startAgent(own.pair(), own.stateDir(), agent);
            sweeper.terminate(60_000);
            sweeper.close();
            assertThat(GuestNetwork.qdiscs(own.pair().a())).doesNotContain("netem");
            assertThat(Files.isDirectory(own.stateDir())).isTrue();
        }
    }
}
