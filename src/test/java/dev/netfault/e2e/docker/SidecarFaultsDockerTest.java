package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netfault.client.BlackholeFault;
import dev.netfault.client.FaultStatus;
import dev.netfault.client.LatencyFault;
import dev.netfault.client.NetfaultClient;
import dev.netfault.client.NetfaultException;
import dev.netfault.client.PacketLossFault;
import dev.netfault.client.RunningFault;
import dev.netfault.testcontainers.NetfaultContainer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The sidecar image in an app container's namespace, started by {@link NetfaultContainer} and driven by its client
 * from the test process: every fault kind started, its effect measured from the app's side, and gone after stop or
 * expiry.
 */
@Tag("docker")
class SidecarFaultsDockerTest {
    private static final BlackholeFault EGRESS_8081 = BlackholeFault.port(SidecarTask.DEPENDENCY_HTTP).build();

    private static SidecarTask task;
    private static NetfaultClient client;

    @BeforeAll
    static void startTask() {
        task = SidecarTask.startWithNetfaultContainer();
        client = task.client();
    }

    @AfterAll
    static void stopTask() {
        if (task != null) {
            task.close();
            task = null;
        }
    }

    @AfterEach
    void stopEverything() {
        if (task != null) {
            client.stopAll();
        }
    }

    @Test
    void blackhole_egressPortConnectsHangUntilStop() {
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");

        RunningFault started = client.start(EGRESS_8081); // throws unless the agent answered 200 running
        assertThat(started.status()).isEqualTo(FaultStatus.RUNNING);

        String during = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2);
        DockerTestbed.print("blackhole egress tcp/8081, connect from app: " + during);
        assertThat(during).startsWith("timeout");

        assertThat(client.stop(EGRESS_8081)).isEqualTo(FaultStatus.STOPPED);
        String after = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2);
        DockerTestbed.print("after stop, connect from app: " + after);
        assertThat(after).startsWith("connected");
        assertThat(started.status()).isEqualTo(FaultStatus.NOT_RUNNING);
    }

    @Test
    void blackhole_closingTheHandleStopsIt() {
        try (RunningFault fault = client.start(EGRESS_8081)) {
            assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 1)).startsWith("timeout");
            assertThat(client.list()).singleElement().satisfies(f -> {
                assertThat(f.key()).isEqualTo("blackhole:egress-tcp-8081");
                assertThat(f.present()).isTrue();
            });
        }
        assertThat(client.blackholeStatus(8081, dev.netfault.client.Protocol.TCP, dev.netfault.client.TrafficType.EGRESS))
                .isEqualTo(FaultStatus.NOT_RUNNING);
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");
    }

    @Test
    void blackhole_expiresAfterDurationSeconds() {
        long startedAt = System.nanoTime();
        RunningFault started = client.start(BlackholeFault.port(8081).durationSeconds(3).build());
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 1)).startsWith("timeout");

        awaitNotRunning(started, Duration.ofSeconds(15));
        DockerTestbed.print(String.format("blackhole with DurationSeconds=3 reported not-running %.1f s after its start",
                (System.nanoTime() - startedAt) / 1e9));
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");
    }

    @Test
    void loss_measuredRateOverDatagramsUntilStop() {
        SidecarTask.UdpRun baseline = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("loss baseline: " + baseline);
        assertThat(baseline.received()).isGreaterThanOrEqualTo(995);

        RunningFault started = client.start(PacketLossFault.builder().lossPercent(30)
                .sources(task.dependencyIp() + "/32").build());
        assertThat(started.status()).isEqualTo(FaultStatus.RUNNING);

        SidecarTask.UdpRun during = task.sendDatagramsFromApp(2000);
        DockerTestbed.print("loss 30% to the dependency: " + during);
        assertThat(during.lossPercent()).isBetween(24.0, 36.0);

        assertThat(client.stopPacketLoss()).isEqualTo(FaultStatus.STOPPED);
        SidecarTask.UdpRun after = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("after stop: " + after);
        assertThat(after.received()).isGreaterThanOrEqualTo(995);
    }

    @Test
    void loss_expiresAfterDurationSeconds() {
        RunningFault started = client.start(PacketLossFault.builder().lossPercent(50)
                .sources(task.dependencyIp() + "/32").durationSeconds(3).build());
        assertThat(task.sendDatagramsFromApp(1000).lossPercent()).isBetween(40.0, 60.0);

        awaitNotRunning(started, Duration.ofSeconds(15));
        SidecarTask.UdpRun after = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("loss with DurationSeconds=3, after expiry: " + after);
        assertThat(after.received()).isGreaterThanOrEqualTo(995);
    }

    @Test
    void latency_addsDelayToConnectsUntilStop() {
        assumeNetem();
        double baseline = connectMillis();
        client.start(LatencyFault.builder().delayMillis(200).sources(task.dependencyIp() + "/32").build());
        double during = connectMillis();
        assertThat(client.stopLatency()).isEqualTo(FaultStatus.STOPPED);
        double after = connectMillis();
        DockerTestbed.print(String.format("latency 200 ms: connect %.1f ms before, %.1f during, %.1f after",
                baseline, during, after));
        assertThat(during).isBetween(195.0, 400.0);
        assertThat(after).isLessThan(50.0);
    }

    @Test
    void latency_withoutNetemIsRefusedWithTheAgentsReason() {
        assumeFalse(netem(), "this kernel has sch_netem: nothing to refuse");
        LatencyFault latency = LatencyFault.builder().delayMillis(200).sources(task.dependencyIp() + "/32").build();
        assertThatThrownBy(() -> client.start(latency)).isInstanceOfSatisfying(NetfaultException.class, e -> {
            DockerTestbed.print("latency refused: " + e.status() + " " + e.agentMessage());
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.agentMessage()).contains("sch_netem");
        });
        NetfaultContainer sidecar = (NetfaultContainer) task.sidecar;
        assertThatThrownBy(() -> sidecar.requireSupported("latency"))
                .hasMessageStartingWith("netfault cannot make latency faults here: latency needs sch_netem");
        assertThat(client.latencyStatus()).isEqualTo(FaultStatus.NOT_RUNNING);
    }

    private static double connectMillis() {
        String outcome = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 3);
        assertThat(outcome).startsWith("connected");
        return Double.parseDouble(outcome.substring(outcome.indexOf(' ') + 1));
    }

    /** Skips, printing the kernel's answer, when this kernel cannot make a netem qdisc (the Linux 6.18 test box). */
    static void assumeNetem() {
        assumeTrue(netem(), () -> DockerTestbed.print("latency skipped: this kernel has no sch_netem"));
    }

    private static boolean netem() {
        ExecResult probe = SidecarTask.exec(task.sidecar, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay",
                "1ms");
        if (probe.getExitCode() == 0) {
            SidecarTask.exec(task.sidecar, "tc", "qdisc", "del", "dev", "lo", "root");
        } else {
            DockerTestbed.print("no sch_netem here (tc says: " + probe.getStderr().strip() + ")");
        }
        return probe.getExitCode() == 0;
    }

    private static void awaitNotRunning(RunningFault fault, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (fault.status() == FaultStatus.NOT_RUNNING) {
                return;
            }
            SidecarTask.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError(fault.spec() + " still running after " + timeout);
    }
}
