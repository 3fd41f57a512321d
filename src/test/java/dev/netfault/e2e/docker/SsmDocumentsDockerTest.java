package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import com.github.dockerjava.api.model.Capability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Each document under docker/ssm executed as SSM would run it (parameters substituted into its runCommand lines,
 * run with bash) in a container of its own that shares the task's network (and PID) namespace beside the sidecar, as
 * the SSM agent container does in a task: no capabilities, so only the sidecar can change the kernel. The fault is
 * measured from the app container while the run is active, and is gone after it, and gone after a TERM in the middle
 * (as when FIS cancels the command), with no netfault table, chain or netem qdisc and no temporary file left behind.
 */
@Tag("docker")
class SsmDocumentsDockerTest extends SidecarTaskFixture {
    private static final String RUNNER = String.join("\n",
            "#!/bin/bash",
            "bash \"$1\" >\"$1.out\" 2>&1 &",
            "echo $! >\"$1.pid\"",
            "wait $!",
            "echo $? >\"$1.rc\"",
            "");
    private static final String BLACKHOLE_STATUS = "/fault/v1/network-blackhole-port/status";
    private static final String LOSS_STATUS = "/fault/v1/network-packet-loss/status";

    /** Where the documents run: the SSM agent container's stand-in (curl, bash; its entrypoint only sleeps). */
    private static GenericContainer<?> ssmAgent;

    @BeforeAll
    @SuppressWarnings("resource")
    static void startSsmAgentContainer() {
        String app = task.app.getContainerId();
        ssmAgent = new GenericContainer<>(DockerImageName.parse(DockerTestbed.AGENT_IMAGE))
                .withNetworkMode("container:" + app)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("ssm"))
                        .withEntrypoint("sleep", "infinity")
                        .getHostConfig().withPidMode("container:" + app).withCapDrop(Capability.ALL));
        ssmAgent.start();
        ssmAgent.copyFileToContainer(Transferable.of(RUNNER, 0755), "/tmp/nfdk-runner.sh");
    }

    @AfterAll
    static void stopSsmAgentContainer() {
        if (ssmAgent != null) {
            ssmAgent.stop();
            ssmAgent = null;
        }
    }

    @Test
    void ssmAgentContainer_sharesTheTasksNetworkNamespaceButCannotChangeIt() {
        String ns = netns(ssmAgent);
        DockerTestbed.print("network namespace of the ssm, app and sidecar containers: " + ns + " " + netns(task.app)
                + " " + netns(task.sidecar));
        assertThat(ns).startsWith("net:[").isEqualTo(netns(task.app)).isEqualTo(netns(task.sidecar));
        assertThat(ssmAgent.getContainerId()).isNotEqualTo(task.sidecar.getContainerId());
        ExecResult nft = SidecarTask.exec(ssmAgent, "nft", "add", "table", "inet", "nfdk_ssm_probe");
        assertThat(nft.getExitCode()).as("nft without NET_ADMIN").isNotZero();
        assertThat(kernelState()).doesNotContain("nfdk_ssm_probe");
    }

    @Test
    void blackholeDocument_activeDuringRunAndGoneAfter() {
        Run run = start("netfault-network-blackhole-port.json",
                Map.of("DurationSeconds", "6", "Port", "8081", "Protocol", "tcp", "TrafficType", "egress"));
        awaitStatus(run, BLACKHOLE_STATUS, EGRESS_8081, "\"running\"");
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 1)).startsWith("timeout");

        assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.output()).isZero();
        DockerTestbed.print("blackhole document output:\n" + run.output());
        assertThat(task.post(BLACKHOLE_STATUS, EGRESS_8081).body()).contains("not-running");
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");
        assertNothingLeft();
    }

    @Test
    void blackholeDocument_termInTheMiddleStopsTheFault() {
        Run run = start("netfault-network-blackhole-port.json",
                Map.of("DurationSeconds", "600", "Port", "8081", "TrafficType", "egress"));
        awaitStatus(run, BLACKHOLE_STATUS, EGRESS_8081, "\"running\"");
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 1)).startsWith("timeout");
        assertThat(kernelState()).containsIgnoringCase("netfault");
        assertThat(inSsmAgentContainer()).contains("tmp.").contains("bash /tmp/nfdk-ssm");

        long termAt = System.nanoTime();
        run.terminate();
        assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.output()).isEqualTo(143);
        DockerTestbed.print(String.format("blackhole document after TERM: exit 143 in %.2f s, output:%n%s",
                (System.nanoTime() - termAt) / 1e9, run.output()));
        assertThat(task.post(BLACKHOLE_STATUS, EGRESS_8081).body()).contains("not-running");
        assertThat(task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 2)).startsWith("connected");
        assertNothingLeft();
    }

    @Test
    void lossDocument_activeDuringRunAndGoneAfter() {
        Run run = start("netfault-network-packet-loss.json", Map.of("DurationSeconds", "8", "LossPercent", "30",
                "Sources", task.dependencyIp() + "/32"));
        awaitStatus(run, LOSS_STATUS, "{}", "\"running\"");
        SidecarTask.UdpRun during = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("loss document at 30%: " + during);
        assertThat(during.lossPercent()).isBetween(22.0, 38.0);

        assertThat(run.awaitExit(Duration.ofSeconds(25))).as(run.output()).isZero();
        assertThat(task.post(LOSS_STATUS, "{}").body()).contains("not-running");
        assertThat(task.sendDatagramsFromApp(1000).received()).isGreaterThanOrEqualTo(995);
        assertNothingLeft();
    }

    @Test
    void lossDocument_termInTheMiddleStopsTheFault() {
        Run run = start("netfault-network-packet-loss.json", Map.of("DurationSeconds", "600", "LossPercent", "50",
                "Sources", "ALL"));
        awaitStatus(run, LOSS_STATUS, "{}", "\"running\"");
        assertThat(task.sendDatagramsFromApp(1000).lossPercent()).isBetween(40.0, 60.0);
        assertThat(kernelState()).containsIgnoringCase("netfault");
        assertThat(inSsmAgentContainer()).contains("tmp.").contains("bash /tmp/nfdk-ssm");

        run.terminate();
        assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.output()).isEqualTo(143);
        assertThat(task.post(LOSS_STATUS, "{}").body()).contains("not-running");
        SidecarTask.UdpRun after = task.sendDatagramsFromApp(1000);
        DockerTestbed.print("loss document after TERM: " + after);
        assertThat(after.received()).isGreaterThanOrEqualTo(995);
        assertNothingLeft();
    }

    @Test
    void latencyDocument_activeDuringRunAndGoneAfterOrFailsWithTheAgentsError() {
        ExecResult netem = SidecarTask.exec(task.sidecar, "tc", "qdisc", "add", "dev", "lo", "root", "netem",
                "delay", "1ms");
        if (netem.getExitCode() == 0) {
            SidecarTask.exec(task.sidecar, "tc", "qdisc", "del", "dev", "lo", "root");
        }
        Run run = start("netfault-network-latency.json", Map.of("DurationSeconds", "5", "DelayMilliseconds", "200",
                "JitterMilliseconds", "0", "Sources", task.dependencyIp() + "/32"));
        if (netem.getExitCode() != 0) {
            // No sch_netem (the Linux 6.18 test box): the document must fail loudly with the agent's own error.
            int exit = run.awaitExit(Duration.ofSeconds(20));
            DockerTestbed.print("latency document without netem: exit " + exit + ", output:\n" + run.output());
            assertThat(exit).isNotZero();
            assertThat(run.output()).contains("start failed (HTTP").contains("{\"Error\":");
            return;
        }
        awaitStatus(run, "/fault/v1/network-latency/status", "{}", "\"running\"");
        String during = task.connectFromApp(SidecarTask.DEPENDENCY_HTTP, 3);
        DockerTestbed.print("latency document 200 ms, connect: " + during);
        assertThat(Double.parseDouble(during.split(" ")[1])).isGreaterThanOrEqualTo(195.0);
        assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.output()).isZero();
        assertThat(task.post("/fault/v1/network-latency/status", "{}").body()).contains("not-running");
        assertNothingLeft();
    }

    @Test
    void blackholeDocument_unreachableAgentExitsNonZero() {
        Run run = start("netfault-network-blackhole-port.json",
                Map.of("DurationSeconds", "5", "Port", "8081", "AgentUrl", "http://127.0.0.1:9"));
        assertThat(run.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(run.output()).contains("did not answer");
    }

    @Test
    void render_rejectsValuesOutsideAllowedPattern() {
        SsmDocument document = SsmDocument.load(ssm("netfault-network-blackhole-port.json"));
        assertThatThrownBy(() -> document.render(Map.of("DurationSeconds", "5", "Port", "80; reboot")))
                .hasMessageContaining("Port: 80; reboot does not match");
        assertThatThrownBy(() -> document.render(Map.of("DurationSeconds", "43201", "Port", "80")))
                .hasMessageContaining("DurationSeconds: 43201 does not match");
        assertThatThrownBy(() -> document.render(Map.of("Port", "80")))
                .hasMessageContaining("DurationSeconds is required");
    }

    /** The task namespace's netfilter and qdisc state, read by the sidecar (the only container with NET_ADMIN). */
    private static String kernelState() {
        ExecResult r = SidecarTask.exec(task.sidecar, "sh", "-c",
                "nft list ruleset; iptables-save 2>/dev/null; ip6tables-save 2>/dev/null; tc qdisc show");
        assertThat(r.getExitCode()).as(r.getStderr()).isZero();
        return r.getStdout();
    }

    /** No netfault table, chain or netem qdisc in the task, no document process or temporary file in its container. */
    private static void assertNothingLeft() {
        String state = kernelState();
        assertThat(state).doesNotContainIgnoringCase("netfault").doesNotContain("netem");
        SidecarTask.sleep(Duration.ofMillis(1200)); // the document's last 'sleep 1' ends on its own
        assertThat(inSsmAgentContainer()).as("temporary files and document processes left in the SSM agent container")
                .isEmpty();
    }

    /** The document's header file ({@code mktemp}: /tmp/tmp.*) and its bash process, one a line. */
    private static String inSsmAgentContainer() {
        ExecResult r = SidecarTask.exec(ssmAgent, "sh", "-c", "ls /tmp | grep '^tmp\\.';"
                + " for p in /proc/[0-9]*; do tr '\\0' ' ' <\"$p/cmdline\" 2>/dev/null; echo; done"
                + " | grep '^bash /tmp/nfdk-ssm'");
        return r.getStdout().strip();
    }

    private static String netns(GenericContainer<?> container) {
        ExecResult r = SidecarTask.exec(container, "readlink", "/proc/self/ns/net");
        assertThat(r.getExitCode()).as(r.getStderr()).isZero();
        return r.getStdout().strip();
    }

    private static Path ssm(String file) {
        return DockerTestbed.root().resolve("docker/ssm").resolve(file);
    }

    private static Run start(String file, Map<String, String> parameters) {
        String script = SsmDocument.load(ssm(file)).render(parameters);
        String path = "/tmp/" + DockerTestbed.uniqueName("ssm") + ".sh";
        ssmAgent.copyFileToContainer(Transferable.of(script), path);
        ExecResult launched = SidecarTask.exec(ssmAgent, "bash", "-c",
                "nohup bash /tmp/nfdk-runner.sh \"$0\" >/dev/null 2>&1 &", path);
        assertThat(launched.getExitCode()).as(launched.getStderr()).isZero();
        return new Run(path);
    }

    /** Waits until the agent reports the document's fault; fails at once, with its output, if the run ended. */
    private static void awaitStatus(Run run, String route, String body, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = task.post(route, body).body();
            if (last.contains(expected)) {
                return;
            }
            run.exitCode().ifPresent(code -> {
                throw new AssertionError(run.script() + " exited " + code + " before its fault ran:\n" + run.output());
            });
            SidecarTask.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError(route + " never reported " + expected + "; last: " + last);
    }

    /** One document run inside the SSM agent container: its output, pid and exit code live next to the script. */
    private record Run(String script) {
        String output() {
            return SidecarTask.exec(ssmAgent, "cat", script + ".out").getStdout();
        }

        void terminate() {
            ExecResult killed = SidecarTask.exec(ssmAgent, "bash", "-c", "kill -TERM \"$(cat \"$0.pid\")\"",
                    script);
            assertThat(killed.getExitCode()).as(killed.getStderr()).isZero();
        }

        Optional<Integer> exitCode() {
            ExecResult rc = SidecarTask.exec(ssmAgent, "cat", script + ".rc");
            return rc.getExitCode() == 0 && !rc.getStdout().isBlank()
                    ? Optional.of(Integer.parseInt(rc.getStdout().strip())) : Optional.empty();
        }

        int awaitExit(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<Integer> code = exitCode();
                if (code.isPresent()) {
                    return code.get();
                }
                SidecarTask.sleep(Duration.ofMillis(200));
            }
            throw new AssertionError(script + " still running after " + timeout + "; output so far:\n" + output());
        }
    }
}
