package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.client.ActiveFault;
import dev.netfault.client.BlackholeFault;
import dev.netfault.client.FaultConflictException;
import dev.netfault.client.FaultStatus;
import dev.netfault.client.LatencyFault;
import dev.netfault.client.NetfaultClient;
import dev.netfault.client.NetfaultException;
import dev.netfault.client.PacketLossFault;
import dev.netfault.client.RunningFault;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * netfault-client against the real agent jar: the agent serves on the host's loopback and acts on namespace A with
 * {@code --netns}; faults started through the client are measured on real connects from A to B.
 */
@Tag("privileged")
class JavaClientAgentTest {

    @TempDir
    Path tmp;

    @Test
    void blackhole_connectsTimeOutUntilTheHandleIsClosed_andConflictsAreTyped() throws Exception {
        Netns.assumeRoot();
        try (NetnsPair pair = NetnsPair.builder().prefix("nfej").create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(8080, 8081)) {
            KernelSnapshot before = KernelSnapshot.take(pair.a());
            int port = freePort();
            try (AgentProcess agent = AgentProcess.startActingOn(pair.a(), Files.createDirectories(tmp.resolve("state")),
                    "--listen", "127.0.0.1:" + port)) {
                NetfaultClient client = NetfaultClient.create("http://127.0.0.1:" + port);
                awaitServing(client, agent);
                assertThat(connects(pair, 8080).successes()).isEqualTo(3);

                BlackholeFault fault = BlackholeFault.port(8080).sources(NetnsPair.B_IPV4).durationSeconds(60).build();
                try (RunningFault blackhole = client.start(fault)) {
                    assertThat(blackhole.status()).isEqualTo(FaultStatus.RUNNING);
                    ConnectStats during = connects(pair, 8080);
                    System.out.println("e2e client blackhole tcp/8080: " + during.summary());
                    assertThat(during.timeouts()).isEqualTo(3);
                    assertThat(connects(pair, 8081).successes()).as("another port is untouched").isEqualTo(3);
                    List<ActiveFault> listed = client.list();
                    assertThat(listed).singleElement().satisfies(f -> {
                        assertThat(f.key()).isEqualTo("blackhole:egress-tcp-8080");
                        assertThat(f.type()).isEqualTo("blackhole");
                        assertThat(f.present()).isTrue();
                        assertThat(f.parameters()).containsEntry("Port", 8080)
                                .containsEntry("Sources", List.of(NetnsPair.B_IPV4 + "/32"));
                        assertThat(f.expiresAt()).isAfter(f.startedAt().plusSeconds(59));
                    });
                }
                assertThat(client.status(fault)).isEqualTo(FaultStatus.NOT_RUNNING);
                assertThat(connects(pair, 8080).successes()).as("after close").isEqualTo(3);

                if (client.health().supports("loss")) {
                    client.start(PacketLossFault.builder().lossPercent(20).sources(NetnsPair.B_IPV4).build());
                    LatencyFault latency = LatencyFault.builder().delayMillis(100).sources(NetnsPair.B_IPV4).build();
                    assertThatThrownBy(() -> client.start(latency)).isInstanceOfSatisfying(FaultConflictException.class,
                            e -> assertThat(e.agentMessage()).isEqualTo(
                                    "There is already one network packet loss fault running"));
                    assertThat(client.stopAll()).extracting(ActiveFault::type).containsExactly("loss");
                } else {
                    System.out.println("e2e client: loss unsupported here, conflict not checked: "
                            + client.health().reason("loss").orElse(""));
                }
                assertThat(client.list()).isEmpty();
            }
            KernelSnapshot after = KernelSnapshot.take(pair.a());
            assertThat(after).as("kernel state of A differs:\n" + before.diff(after)).isEqualTo(before);
        }
    }

    @Test
    void token_requestsWithoutItAre401_withItServed() throws Exception {
        Netns.assumeRoot();
        try (NetnsPair pair = NetnsPair.builder().prefix("nfek").create()) {
            Path token = Files.writeString(tmp.resolve("token"), "e2e-s3cret\n");
            int port = freePort();
            try (AgentProcess agent = AgentProcess.startActingOn(pair.a(), Files.createDirectories(tmp.resolve("state")),
                    "--listen", "127.0.0.1:" + port, "--token-file", token.toString())) {
                NetfaultClient good = NetfaultClient.builder("http://127.0.0.1:" + port).token("e2e-s3cret").build();
                awaitServing(good, agent);
                assertThat(good.health().status()).isEqualTo("serving");
                assertThatThrownBy(() -> NetfaultClient.create("http://127.0.0.1:" + port).list())
                        .isInstanceOfSatisfying(NetfaultException.class, e -> {
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(e.agentMessage())
                                    .isEqualTo("missing or wrong bearer token (expected: Authorization: Bearer <token>)");
                        });
            }
        }
    }

    private static ConnectStats connects(NetnsPair pair, int port) throws InterruptedException {
        return TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, port, 300, 3);
    }

    private static void awaitServing(NetfaultClient client, AgentProcess agent) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        NetfaultException last = null;
        while (System.nanoTime() < deadline) {
            if (!agent.alive()) {
                throw new AssertionError("the agent exited; its log:\n" + agent.log());
            }
            try {
                if (client.health().status().equals("serving")) {
                    return;
                }
            } catch (NetfaultException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("agent not serving within 20 s: " + last + "\n" + agent.log());
    }

    /** A port free on the host's loopback now, below the ephemeral range clients draw from. */
    private static int freePort() throws Exception {
        for (int p = 20_000 + (int) (ProcessHandle.current().pid() % 5_000); p < 32_000; p += 7) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.io.IOException busy) {
                // next
            }
        }
        throw new IllegalStateException("no free loopback port in 20000-32000");
    }
}
