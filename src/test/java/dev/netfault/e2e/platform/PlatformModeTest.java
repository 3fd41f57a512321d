package dev.netfault.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.UdpSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Platform mode measured on real traffic: the sidecar (no NET_ADMIN) drives a rate-limited netfault "platform" over
 * {@code ECS_AGENT_URI}, and only HTTP reaches the sidecar.
 */
@Tag("privileged")
class PlatformModeTest {

    private static final String BH = "/fault/v1/network-blackhole-port/";
    private static final String LOSS = "/fault/v1/network-packet-loss/";

    @TempDir
    Path tmp;

    private static String blackhole(int port, String extra) {
        return "{\"Port\":" + port + ",\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"" + extra + "}";
    }

    private static ConnectStats connects(PlatformRig rig, String host, int port, int count) throws InterruptedException {
        return TrafficClient.in(rig.pair.a()).tcpConnect(host, port, 300, count);
    }

    /** Polls one connect at a time until its outcome is {@code ok} ({@code wantOk}) or not; returns when, or -1. */
    private static long until(PlatformRig rig, String host, int port, boolean wantOk, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            boolean ok = connects(rig, host, port, 1).successes() == 1;
            if (ok == wantOk) {
                return System.currentTimeMillis();
            }
        }
        return -1;
    }

    @Test
    void blackhole_takesEffectExpiresOnTimeAndSurvives429OnStop() throws Exception {
        try (PlatformRig rig = new PlatformRig(tmp)) {
            rig.startPlatform();
            rig.startSidecar();
            long capEff = Long.parseUnsignedLong(rig.sidecarCapEff(), 16);
            assertThat(capEff & (1L << 12)).as("sidecar CapEff %x must lack CAP_NET_ADMIN", capEff).isZero();
            assertThat(rig.sidecarApi.get("/healthz").body()).contains("\"mode\":\"platform\"")
                    .contains("ECS_AGENT_URI is set and CAP_NET_ADMIN absent");
            assertThat(rig.sidecarLog()).contains("mode platform: auto: ECS_AGENT_URI is set and CAP_NET_ADMIN absent");
            assertThat(connects(rig, NetnsPair.B_IPV4, 8080, 3).successes()).isEqualTo(3);

            var refused = rig.sidecarApi.post("/fault/v1/network-latency/start",
                    "{\"DelayMilliseconds\":100,\"JitterMilliseconds\":0,\"Sources\":[\"198.51.100.2\"],\"TrafficType\":\"ingress\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("is not supported in platform mode (the ECS agent's endpoints have no ingress latency)");

            long start = System.currentTimeMillis();
            var started = rig.sidecarApi.post(BH + "start", blackhole(8080, ",\"DurationSeconds\":8"));
            System.out.println("[timeline] " + rig.at() + " sidecar start blackhole egress-tcp-8080 (8 s) -> " + started.status());
            assertThat(started.status()).as(rig.sidecarLog()).isEqualTo(200);
            ConnectStats blocked = connects(rig, NetnsPair.B_IPV4, 8080, 3);
            ConnectStats open = connects(rig, NetnsPair.B_IPV4, 8081, 3);
            System.out.println("[timeline] " + rig.at() + " during: 8080 " + blocked.summary() + "; 8081 " + open.summary());
            assertThat(blocked.timeouts()).isEqualTo(3);
            assertThat(open.successes()).isEqualTo(3);
            assertThat(rig.platformApi.post(BH + "status", blackhole(8080, "")).body()).isEqualTo("{\"Status\":\"running\"}");

            // use up the platform's stop budget (1 per 5 s per route per client) one second before expiry
            Thread.sleep(Math.max(0, start + 7_000 - System.currentTimeMillis()));
            var other = rig.platformApi.post(BH + "stop", blackhole(9, ""));
            System.out.println("[timeline] " + rig.at() + " another client stops egress-tcp-9 on the platform -> " + other.status());
            long restored = until(rig, NetnsPair.B_IPV4, 8080, true, 20_000);
            double after = (restored - start) / 1000.0;
            System.out.printf("[timeline] %s 8080 reachable again, %.2f s after start (duration 8 s)%n", rig.at(), after);
            String log = rig.sidecarLog();
            log.lines().filter(l -> l.contains("platform: POST") || l.contains("expired"))
                    .forEach(l -> System.out.println("[timeline] sidecar log: " + l));
            assertThat(restored).isPositive();
            // the platform's stop window (1 per 5 s) reopens 5 s after the other client's stop at ~7 s; the sidecar's
            // backoff (0.5 s doubling to 5 s) lands within one step of that
            assertThat(after).isBetween(8.0, 19.0);
            assertThat(log).contains("/fault/v1/network-blackhole-port/stop attempt 1 -> 429, retry in");
            assertThat(log).containsPattern("network-blackhole-port/stop attempt \\d -> 200");
            assertThat(rig.platformApi.get("/faults").body()).isEqualTo("[]");
        }
    }

    @Test
    void loss_takesEffectAndTheKillSwitchStopsIt() throws Exception {
        try (PlatformRig rig = new PlatformRig(tmp)) {
            rig.startPlatform();
            rig.startSidecar();
            var r = rig.sidecarApi.post(LOSS + "start", "{\"LossPercent\":50,\"Sources\":[\"198.51.100.2\"],\"DurationSeconds\":60}");
            assertThat(r.status()).as(rig.sidecarLog()).isEqualTo(200);
            double during = udpDelivered(rig);
            var killed = rig.sidecarApi.delete("/faults");
            assertThat(killed.status()).isEqualTo(200);
            double afterStop = udpDelivered(rig);
            System.out.printf("[loss] LossPercent 50 through the platform: %.1f%% delivered; after DELETE /faults: %.1f%%%n",
                    during * 100, afterStop * 100);
            assertThat(during).isBetween(0.35, 0.65);
            assertThat(afterStop).isGreaterThan(0.97);
        }
    }

    private static double udpDelivered(PlatformRig rig) throws InterruptedException {
        try (UdpSink sink = TrafficClient.in(rig.pair.b()).udpSink(9000, 30)) {
            int sent = TrafficClient.in(rig.pair.a()).udpSend(NetnsPair.B_IPV4, 9000, 2000).sent();
            return sink.received() / (double) sent;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void kill9_restartStopsExpiredAndOrphanedPlatformFaults() throws Exception {
        try (PlatformRig rig = new PlatformRig(tmp)) {
            rig.startPlatform();
            rig.startSidecar();
            assertThat(rig.sidecarApi.post(BH + "start", blackhole(8080, ",\"DurationSeconds\":4")).status()).isEqualTo(200);
            rig.kill9Sidecar();
            long killed = System.currentTimeMillis();
            // a fault on the platform that no journal entry owns
            var orphan = rig.platformApi.post(LOSS + "start", "{\"LossPercent\":100,\"Sources\":[\"" + PlatformRig.B2 + "\"]}");
            assertThat(orphan.status()).isEqualTo(200);
            Thread.sleep(Math.max(0, killed + 5_000 - System.currentTimeMillis()));
            assertThat(connects(rig, NetnsPair.B_IPV4, 8080, 2).timeouts()).as("expired but nobody stopped it").isEqualTo(2);
            assertThat(connects(rig, PlatformRig.B2, 8081, 2).timeouts()).isEqualTo(2);

            rig.startSidecar();
            assertThat(connects(rig, NetnsPair.B_IPV4, 8080, 3).successes()).as(rig.sidecarLog()).isEqualTo(3);
            assertThat(connects(rig, PlatformRig.B2, 8081, 3).successes()).as(rig.sidecarLog()).isEqualTo(3);
            assertThat(rig.sidecarLog()).contains("reverted: expired at").contains("platform loss fault (no live journal entry owns it)");
            assertThat(rig.platformApi.get("/faults").body()).isEqualTo("[]");
        }
    }

    @Test
    void hostnames_newAddressesDuringAFaultBecomeImpaired() throws Exception {
        try (PlatformRig rig = new PlatformRig(tmp)) {
            rig.startDns("app.test 198.51.100.2\n");
            rig.startPlatform();
            rig.startSidecar();
            var r = rig.sidecarApi.post(LOSS + "start", "{\"LossPercent\":100,\"Sources\":[\"app.test\"],\"DurationSeconds\":90}");
            assertThat(r.status()).as(r.body() + "\n" + rig.sidecarLog()).isEqualTo(200);
            assertThat(connects(rig, NetnsPair.B_IPV4, 8081, 2).timeouts()).isEqualTo(2);
            assertThat(connects(rig, PlatformRig.B2, 8081, 2).successes()).isEqualTo(2);

            rig.setZone("app.test " + PlatformRig.B2 + "\n");
            long changed = System.currentTimeMillis();
            long impaired = until(rig, PlatformRig.B2, 8081, false, 30_000);
            System.out.printf("[hostnames] app.test moved to %s; impaired %.2f s later%n", PlatformRig.B2,
                    (impaired - changed) / 1000.0);
            assertThat(impaired).as(rig.sidecarLog()).isPositive();
            assertThat(connects(rig, PlatformRig.B2, 8081, 2).timeouts()).isEqualTo(2);
            assertThat(connects(rig, NetnsPair.B_IPV4, 8081, 2).timeouts()).as("old address stays impaired").isEqualTo(2);
            String listing = rig.sidecarApi.get("/faults").body();
            assertThat(listing).contains("198.51.100.2/32").contains("198.51.100.3/32");
            assertThat(rig.sidecarApi.post(LOSS + "stop", "").status()).isEqualTo(200);
            assertThat(connects(rig, PlatformRig.B2, 8081, 2).successes()).isEqualTo(2);
            assertThat(List.of(rig.platformApi.get("/faults").body())).containsExactly("[]");
        }
    }

    @Test
    void blackhole_expiresOnTimeWhenThePlatformIsFree() throws Exception {
        try (PlatformRig rig = new PlatformRig(tmp)) {
            rig.startPlatform();
            rig.startSidecar();
            long start = System.currentTimeMillis();
            assertThat(rig.sidecarApi.post(BH + "start", blackhole(8081, ",\"DurationSeconds\":5")).status()).isEqualTo(200);
            assertThat(connects(rig, NetnsPair.B_IPV4, 8081, 2).timeouts()).isEqualTo(2);
            long restored = until(rig, NetnsPair.B_IPV4, 8081, true, 15_000);
            double after = (restored - start) / 1000.0;
            System.out.printf("[expiry] DurationSeconds 5, platform not rate-limiting: reachable again %.2f s after start%n", after);
            assertThat(restored).isPositive();
            assertThat(after).isBetween(5.0, 6.5);
        }
    }

    @Test
    void hostnames_kernelModeImpairsNewAddressesToo() throws Exception {
        try (PlatformRig rig = new PlatformRig(tmp)) {
            rig.startDns("app.test 198.51.100.2\n");
            rig.startPlatform(); // the platform is a kernel-mode agent: drive it directly
            var r = rig.platformApi.post(LOSS + "start", "{\"LossPercent\":100,\"Sources\":[\"app.test\"],\"DurationSeconds\":60}");
            assertThat(r.status()).as(r.body() + "\n" + rig.log("platform")).isEqualTo(200);
            assertThat(connects(rig, NetnsPair.B_IPV4, 8081, 2).timeouts()).isEqualTo(2);
            assertThat(connects(rig, PlatformRig.B2, 8081, 2).successes()).isEqualTo(2);
            rig.setZone("app.test " + PlatformRig.B2 + "\n");
            long changed = System.currentTimeMillis();
            long impaired = until(rig, PlatformRig.B2, 8081, false, 30_000);
            System.out.printf("[hostnames] kernel mode: app.test moved to %s; impaired %.2f s later%n", PlatformRig.B2,
                    (impaired - changed) / 1000.0);
            assertThat(impaired).as(rig.log("platform")).isPositive();
            assertThat(connects(rig, NetnsPair.B_IPV4, 8081, 2).timeouts()).isEqualTo(2);
            assertThat(rig.platformApi.get("/faults").body()).contains("198.51.100.2/32").contains("198.51.100.3/32");
        }
    }
}
