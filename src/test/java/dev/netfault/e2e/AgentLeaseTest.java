package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.bridge.testing.UdpClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel-held lease, by traffic, with the real agent jar and a 3 s lease: a steady UDP stream (200 datagrams/s)
 * through a 100 % fault gets nothing through for more than 3 lease periods while the agent lives (every renewal
 * included); once the agent is SIGKILLed, or SIGSTOPped, the stream flows again within lease + 1 s with no process
 * involved; a restarted (or thawed) agent drops the lapsed fault instead of resuming it, and the kernel is as before.
 */
@Tag("privileged")
class AgentLeaseTest {

    static final long LEASE_MS = 3_000;
    static final int RATE = 200;

    @TempDir
    Path tmp;

    /** A 100 % fault of one kind and direction, and which side sends the stream it stops. */
    enum Kind {
        BLACKHOLE_EGRESS("network-blackhole-port", "{\"Port\":9000,\"Protocol\":\"udp\",\"TrafficType\":\"egress\"}",
                9000, true),
        BLACKHOLE_INGRESS("network-blackhole-port", "{\"Port\":9001,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\"}",
                9001, false),
        LOSS_EGRESS("network-packet-loss", "{\"LossPercent\":100,\"Sources\":[\"" + NetnsPair.B_IPV4 + "\"]}",
                9002, true);

        final String route;
        final String body;
        final int port;
        final boolean fromA;

        Kind(String route, String body, int port, boolean fromA) {
            this.route = route;
            this.body = body;
            this.port = port;
            this.fromA = fromA;
        }

        String start(int seconds) {
            return body.substring(0, body.length() - 1) + ",\"DurationSeconds\":" + seconds + "}";
        }
    }

    /** The stream of one kind: the receiver's clock and the sender. */
    private record Stream(UdpClock clock, TrafficProcess sender) implements AutoCloseable {
        static Stream of(AgentFixture f, Kind k) throws InterruptedException {
            Netns to = k.fromA ? f.pair.b() : f.pair.a();
            Netns from = k.fromA ? f.pair.a() : f.pair.b();
            UdpClock clock = TrafficClient.in(to).udpClock(k.port);
            TrafficProcess sender = TrafficClient.in(from).udpStream(k.fromA ? NetnsPair.B_IPV4 : NetnsPair.A_IPV4,
                    k.port, RATE);
            return new Stream(clock, sender);
        }

        @Override
        public void close() {
            sender.close();
            clock.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sigkill_bitesThroughRenewalsThenLapsesWithinTheLease(Kind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(tmp, 0, "--lease", "3s"); Stream s = Stream.of(f, kind)) {
            long started = startAndHold(f, s, kind, 60);
            long killed = System.currentTimeMillis();
            f.agent.kill9();
            long clean = awaitFlow(s, killed) - killed;
            report(kind, "SIGKILL", clean);

            f.startAgent("--lease", "3s");
            assertThat(AgentLifecycleTest.faults(f)).as("the restarted agent drops the lapsed fault").isEmpty();
            assertThat(f.agent.log()).contains("its lease lapsed while no agent renewed it: dropped, not resumed");
            assertThat(AgentLifecycleTest.journal(f)).isEmpty();
            f.assertKernelAsBefore();
            assertThat(started).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sigstop_bitesThroughRenewalsThenLapsesWithinTheLease(Kind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(tmp, 0, "--lease", "3s"); Stream s = Stream.of(f, kind)) {
            startAndHold(f, s, kind, 60);
            long stopped = System.currentTimeMillis();
            f.agent.signal("STOP");
            long clean;
            try {
                clean = awaitFlow(s, stopped) - stopped;
            } finally {
                f.agent.signal("CONT");
            }
            report(kind, "SIGSTOP", clean);

            // thawed, the agent finds the lease lapsed and drops the fault rather than renewing it back to life
            long deadline = System.currentTimeMillis() + 10_000;
            while (!AgentLifecycleTest.faults(f).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(AgentLifecycleTest.faults(f)).isEmpty();
            long after = System.currentTimeMillis();
            Thread.sleep(1_500);
            assertThat(s.clock().between(after, after + 1_500)).as("traffic keeps flowing after the thaw")
                    .isGreaterThan(RATE);
            assertThat(f.agent.log()).contains("lease lapsed before it could be renewed");
            f.assertKernelAsBefore();
        }
    }

    @Test
    void sigstop_aFrozenAgentsFaultStillEndsAtItsDeadline() throws Exception {
        Kind kind = Kind.BLACKHOLE_EGRESS;
        try (AgentFixture f = new AgentFixture(tmp, 0, "--lease", "30s"); Stream s = Stream.of(f, kind)) {
            AgentClient.Response r = f.client.post("/fault/v1/" + kind.route + "/start", kind.start(4));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            long t0 = System.currentTimeMillis();
            f.agent.signal("STOP");
            long clean;
            try {
                Thread.sleep(1_000);
                assertThat(s.clock().between(t0 + 200, t0 + 1_000)).isZero();
                clean = awaitFlow(s, t0) - t0;
            } finally {
                f.agent.signal("CONT");
            }
            System.out.printf("lease e2e: %s with a frozen agent (lease 30 s): clean %.2f s after a start of 4 s%n",
                    kind, clean / 1000.0);
            assertThat(clean).as("the deadline (4 s, meta time has 1 s steps), not the 30 s lease").isBetween(2_500L, 5_500L);
            long deadline = System.currentTimeMillis() + 15_000;
            while (!AgentLifecycleTest.faults(f).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            f.assertKernelAsBefore();
        }
    }

    /**
     * Starts the fault, checks the stream flowed before it and that nothing gets through for 10 s (more than three 3 s
     * leases, about ten renewals); returns the start's wall-clock time.
     */
    private static long startAndHold(AgentFixture f, Stream s, Kind kind, int seconds) throws Exception {
        long warm = System.currentTimeMillis();
        Thread.sleep(1_000);
        assertThat(s.clock().between(warm, warm + 1_000)).as("the stream flows before the fault").isGreaterThan(RATE / 2);
        AgentClient.Response r = f.client.post("/fault/v1/" + kind.route + "/start", kind.start(seconds));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"Status\":\"running\"}");
        long t0 = System.currentTimeMillis();
        Thread.sleep(10_000);
        JsonNode listed = AgentLifecycleTest.faults(f);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("present").asBoolean()).isTrue();
        assertThat(listed.get(0).get("lease").get("leased").asBoolean()).isTrue();
        long escaped = s.clock().between(t0 + 100, t0 + 10_000);
        String metrics = f.client.get("/metrics").body();
        System.out.printf("lease e2e: %s held 10 s with a 3 s lease: %d of ~%d datagrams escaped; %s%n", kind, escaped,
                10 * RATE, java.util.regex.Pattern.compile("netfault_lease_renewals_total\\{[^}]*\\} [0-9.]+")
                        .matcher(metrics).results().map(java.util.regex.MatchResult::group)
                        .reduce((a, b) -> a + ", " + b).orElse("no renewal metric"));
        assertThat(escaped).as("datagrams through a 100 % fault across renewals").isZero();
        assertThat(metrics).contains("netfault_lease_renewals_total{result=\"ok\"}");
        return t0;
    }

    /** The first arrival after {@code since}, waiting up to lease + 4 s; asserts it came within lease + 1 s. */
    private static long awaitFlow(Stream s, long since) throws InterruptedException {
        long deadline = since + LEASE_MS + 4_000;
        long first;
        while ((first = s.clock().firstAtOrAfter(since)) < 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(first).as("traffic flows again after the agent stopped renewing").isPositive();
        return first;
    }

    private static void report(Kind kind, String signal, long cleanMs) {
        System.out.printf("lease e2e: %s after %s: traffic clean %.2f s later (lease %.0f s)%n", kind, signal,
                cleanMs / 1000.0, LEASE_MS / 1000.0);
        assertThat(cleanMs).as("clean within lease + 1 s").isLessThanOrEqualTo(LEASE_MS + 1_000);
    }

}
