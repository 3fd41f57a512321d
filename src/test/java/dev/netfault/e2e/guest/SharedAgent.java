package dev.netfault.e2e.guest;

import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.e2e.AgentClient;
import dev.netfault.e2e.AgentProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One namespace pair and one agent for the whole guest run: the agent's JVM takes tens of seconds to start under
 * emulation, so every test class shares it (JUnit closes it, SIGTERM then namespace removal, after the last class).
 */
final class SharedAgent implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedAgent.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        GuestAssumptions.assumeNetem();
        context.getRoot().getStore(NS).getOrComputeIfAbsent("fixture", key -> Fixture.create(), Fixture.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Fixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NS).get("fixture", Fixture.class);
    }

    /** The shared pair, the agent process and its client, and the baseline RTT measured before any fault. */
    record Fixture(NetnsPair pair, AgentProcess agent, AgentClient client, Path stateDir, double baseline)
            implements AutoCloseable {
        private static final String BASE = "http://127.0.0.1:51680";
        /** How long one request and the agent's own deadline for it may take on the emulated CPU. */
        private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
        private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

        static Fixture create() {
            return create(new String[0]);
        }

        /** A fixture of its own (a new pair and agent), the agent started with extra {@code serve} options. */
        static Fixture create(String... serveOptions) {
            NetnsPair pair = null;
            AgentProcess agent = null;
            AgentClient client = null;
            Path stateDir = null;
            try {
                pair = GuestNetwork.create();
                // 51680 lies in Linux's ephemeral range: a client polling a port nobody listens on yet can get that
                // very port as its source and connect to itself (TCP simultaneous open), and the agent's bind fails
                pair.a().exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=32768 50999");
                stateDir = Files.createTempDirectory("nfgu-state");
                client = new AgentClient(pair.a(), BASE, REQUEST_TIMEOUT);
                agent = startAgent(pair, stateDir, client, serveOptions);
                double baseline = Ping.run(pair.a(), GuestNetwork.SERVER_V4, 30, "0.02").median();
                System.out.printf("guest fixture: baseline median RTT %.2f ms%n", baseline);
                return new Fixture(pair, agent, client, stateDir, baseline);
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String log = agent == null ? "" : "; agent log: " + tail(agent.log());
                closeAll(pair, agent, client, stateDir);
                throw new IllegalStateException("cannot start the agent in the guest: " + e.getMessage() + log, e);
            }
        }

        /** Starts an agent in the pair's first namespace (emulated-CPU options) and waits until it serves. */
        static AgentProcess startAgent(NetnsPair pair, Path stateDir, AgentClient client, String... serveOptions)
                throws InterruptedException {
            List<String> args = new java.util.ArrayList<>(List.of("--request-deadline", REQUEST_TIMEOUT.toSeconds() + "s"));
            args.addAll(List.of(serveOptions));
            AgentProcess agent = AgentProcess.start(pair.a(), stateDir, AgentProcess.emulatedCpuOptions(),
                    args.toArray(String[]::new));
            try {
                awaitReady(agent, client);
            } catch (RuntimeException e) {
                agent.close();
                throw e;
            }
            return agent;
        }

        /**
         * Polls {@code GET /healthz} every 250 ms until it answers 200 with the probe done, failing at once if the agent
         * exits.
         */
        private static void awaitReady(AgentProcess agent, AgentClient client) throws InterruptedException {
            long started = System.nanoTime();
            while (true) {
                if (!agent.alive()) {
                    throw new IllegalStateException("agent exited before it was ready");
                }
                if (System.nanoTime() - started > READY_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("agent not ready after " + READY_TIMEOUT.toSeconds() + " s");
                }
                AgentClient.Response health = client.get("/healthz");
                if (health.status() == 200 && !health.body().contains("\"probe\":\"running\"")) {
                    System.out.printf("agent ready in %.1f s (guest, emulated CPU): %s%n",
                            (System.nanoTime() - started) / 1e9, health.body().strip());
                    return;
                }
                Thread.sleep(250);
            }
        }

        /** The agent log's last lines, for a failure message. */
        String logTail() {
            return tail(agent.log());
        }

        private static String tail(String log) {
            List<String> lines = log.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        }

        @Override
        public void close() throws Exception {
            try {
                agent.terminate(60_000); // SIGTERM: the agent reverts everything
            } finally {
                closeAll(pair, agent, client, stateDir);
            }
        }

        private static void closeAll(NetnsPair pair, AgentProcess agent, AgentClient client, Path stateDir) {
            try {
                if (agent != null) {
                    agent.close();
                }
                if (client != null) {
                    client.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (pair != null) {
                    pair.close();
                }
                deleteTree(stateDir);
                if (agent != null) {
                    deleteTree(agent.logFile());
                }
            }
        }

        private static void deleteTree(Path root) {
            if (root == null || !Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.out.println("could not delete " + root + ": " + e.getMessage());
            }
        }
    }
}
