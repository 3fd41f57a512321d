package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import dev.netfault.client.NetfaultClient;
import dev.netfault.testcontainers.NetfaultContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A miniature awsvpc task: an app container, the netfault sidecar in the app's network namespace (only NET_ADMIN
 * added, NET_RAW dropped) and a dependency container reached over a private bridge from 198.19.0.0/16.
 * {@link #start()} runs the sidecar as on ECS (loopback only, no token: what the SSM documents expect);
 * {@link #startWithNetfaultContainer()} runs it through the netfault-testcontainers module, driven by its client.
 * The dependency serves HTTP on 8081 and counts UDP datagrams on 9999 per run id into {@code /tmp/udp-<run>}.
 */
final class SidecarTask implements AutoCloseable {
    static final int DEPENDENCY_HTTP = 8081;
    static final int DEPENDENCY_UDP = 9999;

    private static final String UDP_SINK = String.join("\n",
            "import collections, os, socket, threading, time",
            "counts = collections.Counter()",
            "sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "sock.bind(('0.0.0.0', 9999))",
            "def flush():",
            "    while True:",
            "        time.sleep(0.1)",
            "        for run, n in list(counts.items()):",
            "            with open(f'/tmp/udp-{run}.tmp', 'w') as f:",
            "                f.write(str(n))",
            "            os.replace(f'/tmp/udp-{run}.tmp', f'/tmp/udp-{run}')",
            "threading.Thread(target=flush, daemon=True).start()",
            "while True:",
            "    data, _ = sock.recvfrom(2048)",
            "    counts[data.split(b':')[0].decode()] += 1",
            "");
    private static final String UDP_SEND = String.join("\n",
            "import socket, sys, time",
            "run, host, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "errors = 0",
            "for i in range(n):",
            "    try:",
            "        sock.sendto(f'{run}:{i}'.encode(), (host, 9999))",
            "    except OSError:",
            "        errors += 1",
            "    time.sleep(0.0005)",
            "print(errors)");
    private static final String CONNECT = String.join("\n",
            "import socket, sys, time",
            "host, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])",
            "start = time.monotonic()",
            "try:",
            "    socket.create_connection((host, port), timeout=timeout).close()",
            "    outcome = 'connected'",
            "except socket.timeout:",
            "    outcome = 'timeout'",
            "except OSError as e:",
            "    outcome = type(e).__name__",
            "print(outcome, round((time.monotonic() - start) * 1000, 1))");

    final Network network;
    final GenericContainer<?> dependency;
    final GenericContainer<?> app;
    final GenericContainer<?> sidecar;

    private SidecarTask(Network network, GenericContainer<?> dependency, GenericContainer<?> app,
            GenericContainer<?> sidecar) {
        this.network = network;
        this.dependency = dependency;
        this.app = app;
        this.sidecar = sidecar;
    }

    /** The module's client for the sidecar, when started by {@link #startWithNetfaultContainer()}. */
    NetfaultClient client() {
        if (!(sidecar instanceof NetfaultContainer netfault)) {
            throw new IllegalStateException("this task's sidecar was not started by NetfaultContainer");
        }
        return netfault.getClient();
    }

    /** The three containers, the sidecar a {@link NetfaultContainer} (NET_RAW still dropped). */
    static SidecarTask startWithNetfaultContainer() {
        return startWithNetfaultContainer(null);
    }

    /** As {@link #startWithNetfaultContainer()}, the agent run with {@code --lease lease} unless it is null. */
    @SuppressWarnings("resource")
    static SidecarTask startWithNetfaultContainer(Duration lease) {
        DockerTestbed.ensureUp();
        Network network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("net")))
                .build();
        GenericContainer<?> dependency = dependency(network);
        GenericContainer<?> app = app(network);
        NetfaultContainer sidecar = new NetfaultContainer(DockerTestbed.AGENT_IMAGE, app)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("side"))
                        .getHostConfig().withCapDrop(Capability.NET_RAW));
        if (lease != null) {
            sidecar.withLease(lease);
        }
        try {
            dependency.start();
            sidecar.start(); // starts the app first
            return new SidecarTask(network, dependency, app, sidecar);
        } catch (RuntimeException e) {
            new SidecarTask(network, dependency, app, sidecar).close();
            throw e;
        }
    }

    private static GenericContainer<?> dependency(Network network) {
        return new GenericContainer<>(DockerImageName.parse(DockerTestbed.DEMO_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("dependency")
                .withCopyToContainer(Transferable.of(UDP_SINK), "/opt/test/udpsink.py")
                .withCommand("bash", "-c", "python3 /opt/test/udpsink.py & exec python3 /opt/demo/dependency.py")
                .withCreateContainerCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("dep")));
    }

    private static GenericContainer<?> app(Network network) {
        return new GenericContainer<>(DockerImageName.parse(DockerTestbed.DEMO_IMAGE))
                .withNetwork(network)
                .withCommand("python3", "/opt/demo/app.py")
                .withCreateContainerCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("app")));
    }

    /** Starts the three containers; on any failure stops what was started and rethrows. */
    @SuppressWarnings("resource")
    static SidecarTask start() {
        DockerTestbed.ensureUp();
        Network network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("net")))
                .build();
        GenericContainer<?> dependency = dependency(network);
        GenericContainer<?> app = app(network);
        GenericContainer<?> sidecar = null;
        try {
            dependency.start();
            app.start();
            sidecar = new GenericContainer<>(DockerImageName.parse(DockerTestbed.AGENT_IMAGE))
                    .withNetworkMode("container:" + app.getContainerId())
                    .withCreateContainerCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("side"))
                            .getHostConfig()
                            .withCapAdd(Capability.NET_ADMIN)
                            .withCapDrop(Capability.NET_RAW));
            sidecar.start();
            SidecarTask task = new SidecarTask(network, dependency, app, sidecar);
            task.awaitHealthy(Duration.ofSeconds(60));
            return task;
        } catch (RuntimeException e) {
            new SidecarTask(network, dependency, app, sidecar).close();
            throw e;
        }
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecResult last = null;
        while (System.nanoTime() < deadline) {
            if (!sidecar.isRunning()) {
                throw new AssertionError("the sidecar exited before it served /healthz; its log:\n"
                        + sidecar.getLogs());
            }
            last = exec(sidecar, "curl", "-fsS", "--max-time", "2", "http://127.0.0.1:51680/healthz");
            if (last.getExitCode() == 0 && !last.getStdout().contains("\"probe\":\"running\"")) {
                DockerTestbed.print("sidecar healthy: " + last.getStdout().strip());
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("sidecar not healthy within " + timeout + ": " + (last == null ? "" : last.getStderr())
                + "\nsidecar log:\n" + sidecar.getLogs());
    }

    String dependencyIp() {
        return dependency.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }

    /** POSTs a JSON body to an agent route from inside the task, as a script in the task would. */
    ApiResponse post(String route, String body) {
        List<String> curl = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-w", "\n%{http_code}",
                "-X", "POST", "-H", "Content-Type: application/json", "--data", body));
        if (sidecar instanceof NetfaultContainer n) { // the module's agent requires its token
            curl.addAll(List.of("-H", "Authorization: Bearer " + n.getToken()));
        }
        curl.add("http://127.0.0.1:51680" + route);
        ExecResult result = exec(sidecar, curl.toArray(String[]::new));
        assertThat(result.getExitCode()).as("curl %s: %s", route, result.getStderr()).isZero();
        String out = result.getStdout().stripTrailing();
        int split = out.lastIndexOf('\n');
        return new ApiResponse(Integer.parseInt(out.substring(split + 1).strip()), out.substring(0, split));
    }

    /** One TCP connect from the app to the dependency: {@code connected 0.4}, {@code timeout 2001.3}, ... */
    String connectFromApp(int port, double timeoutSeconds) {
        ExecResult result = exec(app, "python3", "-c", CONNECT, dependencyIp(), Integer.toString(port),
                Double.toString(timeoutSeconds));
        assertThat(result.getExitCode()).as(result.getStderr()).isZero();
        return result.getStdout().strip();
    }

    /** Sends {@code count} datagrams from the app to the dependency; returns how many arrived (and send errors). */
    UdpRun sendDatagramsFromApp(int count) {
        String run = DockerTestbed.uniqueName("u").replace("-", "");
        ExecResult sent = exec(app, "python3", "-c", UDP_SEND, run, dependencyIp(), Integer.toString(count));
        assertThat(sent.getExitCode()).as(sent.getStderr()).isZero();
        sleep(Duration.ofMillis(600));
        ExecResult received = exec(dependency, "cat", "/tmp/udp-" + run);
        int arrived = received.getExitCode() == 0 ? Integer.parseInt(received.getStdout().strip()) : 0;
        return new UdpRun(count, arrived, Integer.parseInt(sent.getStdout().strip()));
    }

    static ExecResult exec(GenericContainer<?> container, String... argv) {
        try {
            return container.execInContainer(StandardCharsets.UTF_8, argv);
        } catch (IOException e) {
            throw new IllegalStateException("exec " + List.of(argv) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during exec " + List.of(argv), e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        for (GenericContainer<?> container : new GenericContainer<?>[] {sidecar, app, dependency}) {
            if (container != null) {
                try {
                    container.stop();
                } catch (RuntimeException e) {
                    DockerTestbed.print("could not stop a container: " + e.getMessage());
                }
            }
        }
        try {
            network.close();
        } catch (RuntimeException e) {
            DockerTestbed.print("could not remove the network: " + e.getMessage());
        }
    }

    /** Status code and body of one agent response. */
    record ApiResponse(int status, String body) {
    }

    /** Datagrams sent, received by the dependency, and sends the kernel refused. */
    record UdpRun(int sent, int received, int sendErrors) {
        double lossPercent() {
            return 100.0 * (sent - received) / sent;
        }

        @Override
        public String toString() {
            return String.format("%d/%d datagrams arrived (%.1f%% lost, %d send errors)", received, sent,
                    lossPercent(), sendErrors);
        }
    }
}
