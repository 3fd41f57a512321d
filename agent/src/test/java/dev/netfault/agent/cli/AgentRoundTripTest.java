package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against the real agent: {@code netfault serve --netns} as a process on host loopback acting on a namespace
 * this test made, driven only by the CLI commands, with the kernel read back in the namespace.
 */
@Tag("privileged")
class AgentRoundTripTest {

    @Test
    void cli_roundTripThroughTheRealAgent(@TempDir Path state) throws Exception {
        Root.assumeRoot();
        try (Netns ns = Netns.create("nfcl")) {
            String dev = "nfc" + ns.name().substring(4) + "d";
            ns.exec("ip", "link", "add", dev, "type", "veth", "peer", "name", dev.substring(0, dev.length() - 1) + "p");
            ns.exec("ip", "link", "set", dev.substring(0, dev.length() - 1) + "p", "up");
            ns.exec("ip", "addr", "add", "198.51.100.1/24", "dev", dev);
            ns.exec("ip", "link", "set", dev, "up");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> argv = new ArrayList<>(DemoCommand.javaCommand());
            argv.addAll(List.of("serve", "--listen", "127.0.0.1:" + port, "--netns", ns.name(), "--state-dir", state.toString()));
            Process agent = new ProcessBuilder(argv).redirectError(state.resolve("agent.err").toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("the agent's first line").startsWith("netfault agent listening on 127.0.0.1:" + port);
                String url = "http://127.0.0.1:" + port;

                CliRun start = CliRun.of("blackhole", "start", "--port", "443", "--duration", "60s", "--agent", url);
                assertThat(start.exitCode()).as(start.err()).isZero();
                assertThat(start.out()).isEqualTo("blackhole egress-tcp-443: running\n");
                assertThat(ns.exec("nft", "list", "tables") + ns.exec("iptables", "-S")).contains("netfault");
                assertThat(CliRun.of("blackhole", "status", "--port", "443", "--agent", url).out())
                        .isEqualTo("blackhole egress-tcp-443: running\n");

                CliRun loss = CliRun.of("loss", "start", "--percent", "20", "--sources", "198.51.100.2", "--duration", "60s",
                        "--agent", url);
                assertThat(loss.exitCode()).as(loss.err()).isZero();
                CliRun conflict = CliRun.of("latency", "start", "--delay", "100ms", "--agent", url);
                assertThat(conflict.exitCode()).isEqualTo(3);
                assertThat(conflict.err()).isEqualTo(
                        "netfault: agent answered 409: There is already one network packet loss fault running\n");

                CliRun list = CliRun.of("list", "--agent", url);
                System.out.println(list.out());
                assertThat(list.exitCode()).isZero();
                assertThat(list.out()).startsWith("ID ").contains("blackhole", "loss", dev, "present");

                CliRun stopAll = CliRun.of("stop", "--all", "--agent", url);
                assertThat(stopAll.exitCode()).as(stopAll.err()).isZero();
                assertThat(stopAll.out()).contains("stopped: blackhole ", "stopped: loss ");
                assertThat(ns.exec("nft", "list", "tables") + ns.exec("iptables", "-S") + ns.exec("tc", "qdisc", "show"))
                        .doesNotContain("netfault").doesNotContain("4e46:");
                assertThat(CliRun.of("loss", "status", "--agent", url).out()).isEqualTo("loss: not-running\n");
                assertThat(CliRun.of("list", "--agent", url).out()).isEqualTo("no active faults\n");

                long t0 = System.nanoTime();
                CliRun wait = CliRun.of("blackhole", "start", "--port", "8443", "--duration", "2s", "--wait", "--agent", url);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("--wait on a 2 s blackhole returned after %.2f s%n", seconds);
                assertThat(wait.exitCode()).as(wait.err()).isZero();
                assertThat(wait.err()).endsWith("] 2s/2s blackhole egress-tcp-8443: not-running\n");
                assertThat(seconds).isBetween(2.0, 6.0);
                assertThat(ns.exec("nft", "list", "tables")).doesNotContain("netfault");
            } finally {
                agent.destroy();
                if (!agent.waitFor(15, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        }
    }
}
