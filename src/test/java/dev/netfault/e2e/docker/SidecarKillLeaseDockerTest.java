package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.client.BlackholeFault;
import dev.netfault.client.FaultStatus;
import dev.netfault.client.RunningFault;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;

/**
 * {@code docker kill} (SIGKILL) of the sidecar while an egress blackhole holds the application's connects to its
 * dependency: no process is left to revert anything, so only the kernel-held lease ({@code --lease 3s}) can end it.
 * Measured from the application container: connects succeed again within lease + 1 s of the kill.
 */
@Tag("docker")
class SidecarKillLeaseDockerTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** Connects from the app every 0.25 s until one succeeds; prints its wall-clock time and the failures before. */
    private static final String CONNECT_UNTIL_OPEN = String.join("\n",
            "import socket, sys, time",
            "host, port, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])",
            "end = time.monotonic() + limit",
            "failed = 0",
            "while time.monotonic() < end:",
            "    try:",
            "        socket.create_connection((host, port), timeout=0.25).close()",
            "        print('open', repr(time.time()), failed)",
            "        sys.exit(0)",
            "    except OSError:",
            "        failed += 1",
            "        time.sleep(0.01)",
            "print('never', repr(time.time()), failed)");

    @Test
    void sigkilledSidecar_itsBlackholeEndsWithinTheLease() throws Exception {
        try (SidecarTask task = SidecarTask.startWithNetfaultContainer(LEASE)) {
            assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");
            RunningFault fault = task.client().start(BlackholeFault.port(SidecarTask.DEPENDENCY_HTTP).build());
            assertThat(fault.status()).isEqualTo(FaultStatus.RUNNING);
            assertThat(task.client().list()).singleElement().satisfies(f -> assertThat(f.present()).isTrue());

            SidecarTask.sleep(LEASE.plusSeconds(1)); // past one whole lease: the agent's renewals keep it biting
            String before = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 1);
            DockerTestbed.print("blackhole egress tcp/8081 after " + LEASE.plusSeconds(1).toSeconds()
                    + " s of renewals, connect from app: " + before);
            assertThat(before).startsWith("timeout");

            CompletableFuture<ExecResult> watch = CompletableFuture.supplyAsync(() -> SidecarTask.exec(task.app,
                    "python3", "-c", CONNECT_UNTIL_OPEN, task.dependencyIp(),
                    Integer.toString(SidecarTask.DEPENDENCY_HTTP), "20"));
            SidecarTask.sleep(Duration.ofMillis(1500)); // the watcher is connecting (and failing) before the kill
            assertThat(watch).as("a connect succeeded before the kill").isNotDone();

            double killedAt = System.currentTimeMillis() / 1000.0;
            DockerClientFactory.instance().client().killContainerCmd(task.sidecar.getContainerId())
                    .withSignal("KILL").exec();
            ExecResult watched = watch.get(30, TimeUnit.SECONDS);
            assertThat(task.sidecar.isRunning()).as("the sidecar is dead").isFalse();

            String[] out = watched.getStdout().strip().split(" ");
            assertThat(watched.getExitCode()).as(watched.getStdout() + watched.getStderr()).isZero();
            assertThat(out[0]).as("connects from the app never succeeded after the kill: %s", watched.getStdout())
                    .isEqualTo("open");
            double seconds = Double.parseDouble(out[1]) - killedAt;
            DockerTestbed.print(String.format("sidecar SIGKILLed with --lease %ds: a connect from the app succeeded"
                    + " again %.2f s after the kill (%s failed connects before)", LEASE.toSeconds(), seconds, out[2]));
            assertThat(Integer.parseInt(out[2])).as("failed connects while the fault held").isPositive();
            assertThat(seconds).as("seconds from the kill until a connect succeeds")
                    .isPositive()
                    .isLessThanOrEqualTo(LEASE.toSeconds() + 1.0);
        }
    }
}
