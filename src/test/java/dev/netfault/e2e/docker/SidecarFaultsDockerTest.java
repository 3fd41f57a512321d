package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The sidecar image in an app container's namespace: every fault kind started through the API, its effect measured
 * from the app's side, and gone after stop or expiry.
 */
@Tag("docker")
class SidecarFaultsDockerTest {
    private static final String BLACKHOLE = "/fault/v1/network-blackhole-port";
    private static final String LOSS = "/fault/v1/network-packet-loss";
    private static final String LATENCY = "/fault/v1/network-latency";
    private static final String EGRESS_8081 = "{\"Port\":8081,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}";

    private static SidecarTask task;

    @BeforeAll
    static void startTask() {
        task = SidecarTask.start();
    }

    @AfterAll
    static void stopTask() {
        if (task != null) {
            task.close();
        }
    }

    @AfterEach
    void stopEverything() {
        if (task != null) {
            SidecarTask.exec(task.sidecar, "curl", "-sS", "-X", "DELETE", "http://127.0.0.1:51680/faults");
        }
    }

    @Test
    void blackhole_egressPortConnectsHangUntilStop() {
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");

        SidecarTask.ApiResponse started = task.post(BLACKHOLE + "/start", EGRESS_8081);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.body()).contains("running");
        assertThat(task.post(BLACKHOLE + "/status", EGRESS_8081).body()).contains("\"running\"");

        String during = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2);
        DockerTestbed.print("blackhole egress tcp/8081, connect from app: " + during);
        assertThat(during).startsWith("timeout");

        SidecarTask.ApiResponse stopped = task.post(BLACKHOLE + "/stop", EGRESS_8081);
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.body()).contains("stopped");
        String after = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2);
        DockerTestbed.print("after stop, connect from app: " + after);
        assertThat(after).startsWith("connected");
        assertThat(task.post(BLACKHOLE + "/status", EGRESS_8081).body()).contains("not-running");
    }

    @Test
    void blackhole_expiresAfterDurationSeconds() {
        long startedAt = System.nanoTime();
        SidecarTask.ApiResponse started = task.post(BLACKHOLE + "/start",
                "{\"Port\":8081,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\",\"DurationSeconds\":3}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 1)).startsWith("timeout");

        awaitNotRunning(BLACKHOLE + "/status", EGRESS_8081, Duration.ofSeconds(15));
        DockerTestbed.print(String.format("blackhole with DurationSeconds=3 reported not-running %.1f s after its start",
                (System.nanoTime() - startedAt) / 1e9));
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");
    }

    @Test
    void loss_measuredRateOverDatagramsUntilStop() {
        SidecarTask.UdpRun baseline = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("loss baseline: " + baseline);
        assertThat(baseline.received()).isGreaterThanOrEqualTo(995);

        SidecarTask.ApiResponse started = task.post(LOSS + "/start",
                "{\"LossPercent\":30,\"Sources\":[\"" + task.dependencyIp() + "/32\"]}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(task.post(LOSS + "/status", "{}").body()).contains("\"running\"");

        SidecarTask.UdpRun during = task.sendDatagramsFromApp(2000);
        DockerTestbed.print("loss 30% to the dependency: " + during);
        assertThat(during.lossPercent()).isBetween(24.0, 36.0);

        assertThat(task.post(LOSS + "/stop", "{}").status()).isEqualTo(200);
        SidecarTask.UdpRun after = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("after stop: " + after);
        assertThat(after.received()).isGreaterThanOrEqualTo(995);
    }

    @Test
    void loss_expiresAfterDurationSeconds() {
        SidecarTask.ApiResponse started = task.post(LOSS + "/start",
                "{\"LossPercent\":50,\"Sources\":[\"" + task.dependencyIp() + "/32\"],\"DurationSeconds\":3}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(task.sendDatagramsFromApp(1000).lossPercent()).isBetween(40.0, 60.0);

        awaitNotRunning(LOSS + "/status", "{}", Duration.ofSeconds(15));
        SidecarTask.UdpRun after = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("loss with DurationSeconds=3, after expiry: " + after);
        assertThat(after.received()).isGreaterThanOrEqualTo(995);
    }

    @Test
    void latency_addsDelayToConnectsUntilStop() {
        assumeNetem();
        double baseline = connectMillis();
        SidecarTask.ApiResponse started = task.post(LATENCY + "/start",
                "{\"DelayMilliseconds\":200,\"JitterMilliseconds\":0,\"Sources\":[\"" + task.dependencyIp() + "/32\"]}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        double during = connectMillis();
        assertThat(task.post(LATENCY + "/stop", "{}").status()).isEqualTo(200);
        double after = connectMillis();
        DockerTestbed.print(String.format("latency 200 ms: connect %.1f ms before, %.1f during, %.1f after",
                baseline, during, after));
        assertThat(during).isBetween(195.0, 400.0);
        assertThat(after).isLessThan(50.0);
    }

    private static double connectMillis() {
        String outcome = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 3);
        assertThat(outcome).startsWith("connected");
        return Double.parseDouble(outcome.substring(outcome.indexOf(' ') + 1));
    }

    /** Skips, printing the kernel's answer, when this kernel cannot make a netem qdisc (the Linux 6.18 test box). */
    static void assumeNetem() {
        ExecResult probe = SidecarTask.exec(task.sidecar, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay",
                "1ms");
        if (probe.getExitCode() == 0) {
            SidecarTask.exec(task.sidecar, "tc", "qdisc", "del", "dev", "lo", "root");
        }
        assumeTrue(probe.getExitCode() == 0, () -> DockerTestbed.print(
                "latency skipped: this kernel has no sch_netem (tc says: " + probe.getStderr().strip() + ")"));
    }

    private static void awaitNotRunning(String statusRoute, String body, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (task.post(statusRoute, body).body().contains("not-running")) {
                return;
            }
            SidecarTask.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError(statusRoute + " still running after " + timeout);
    }
}
