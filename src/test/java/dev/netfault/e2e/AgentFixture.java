package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.ApplicationState;
import dev.netfault.bridge.testing.ConnectStats;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One end-to-end setup: a namespace pair (agent and client on side A, TCP servers on ports 8080 and 8081 on side B),
 * the kernel state of A before anything ran, the agent process in A and an HTTP client in A. {@link #close()} stops
 * everything and asserts A's kernel state is back to what it was.
 */
final class AgentFixture implements AutoCloseable {

    static final String BASE = "http://127.0.0.1:51680";
    static final int BLOCKED = 8080;
    static final int OPEN = 8081;

    final NetnsPair pair;
    final Path stateDir;
    final KernelSnapshot before;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final TrafficProcess server;
    AgentProcess agent;
    AgentClient client;
    long readyMillis;

    AgentFixture(Path tmp) throws Exception {
        this(tmp, 0);
    }

    /**
     * @param applicationPort when not 0, side A first gets an application's own iptables, ip6tables and nftables rules
     *                        and an htb root qdisc ({@link ApplicationState}), with an early INPUT ACCEPT for this port
     */
    AgentFixture(Path tmp, int applicationPort) throws Exception {
        this(tmp, applicationPort, new String[0]);
    }

    /** @param agentArgs extra {@code serve} options the agent is first started with, e.g. {@code --lease 3s} */
    AgentFixture(Path tmp, int applicationPort, String... agentArgs) throws Exception {
        Netns.assumeRoot();
        AgentProcess.jar();
        pair = NetnsPair.builder().prefix("nflc").create();
        try {
            // 51680 lies in Linux's ephemeral range: a client polling a port nobody listens on yet can get that very
            // port as its source and connect to itself (TCP simultaneous open), and the agent's bind then fails
            pair.a().exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=32768 50999");
            stateDir = Files.createDirectories(tmp.resolve("state"));
            if (applicationPort != 0) {
                ApplicationState.install(pair.a(), applicationPort);
            }
            server = TrafficClient.in(pair.b()).tcpServer(BLOCKED, OPEN);
            before = KernelSnapshot.take(pair.a());
            client = new AgentClient(pair.a(), BASE);
            startAgent(agentArgs);
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    Netns a() {
        return pair.a();
    }

    /** Starts the agent with the same state directory and waits for {@code /healthz}; records the ready time. */
    void startAgent(String... extra) {
        awaitAgent(AgentProcess.start(pair.a(), stateDir, extra));
    }

    /** Waits for {@code /healthz} of a freshly started agent and records its ready time. */
    void awaitAgent(AgentProcess started) {
        agent = started;
        AgentClient.Response r = client.await("/healthz", 20_000);
        assertThat(r.status()).as("healthz; agent log:\n" + agent.log()).isEqualTo(200);
        readyMillis = r.micros() - agent.startedAtMillis();
    }

    AgentClient.Response startBlackhole(int port, String extraJson) {
        return client.post("/fault/v1/network-blackhole-port/start", blackhole(port, extraJson));
    }

    AgentClient.Response blackhole(String action, int port) {
        return client.post("/fault/v1/network-blackhole-port/" + action, blackhole(port, ""));
    }

    static String blackhole(int port, String extraJson) {
        return "{\"Port\":" + port + ",\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"" + extraJson + "}";
    }

    ConnectStats connects(int port) throws InterruptedException {
        return TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, port, 300, 3);
    }

    KernelSnapshot snapshot() throws InterruptedException {
        return KernelSnapshot.take(pair.a());
    }

    void assertKernelAsBefore() throws InterruptedException {
        KernelSnapshot now = snapshot();
        assertThat(now).as("kernel state of " + pair.a().name() + " differs:\n" + before.diff(now)).isEqualTo(before);
    }

    /** Removes every kernel object of fault {@code id} behind the agent's back, whatever mechanism it used. */
    void deleteByHand(String id) throws InterruptedException {
        Netns a = pair.a();
        for (String line : a.exec("nft", "list", "tables").split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length == 3 && p[2].contains(id)) {
                a.exec("nft", "delete", "table", p[1], p[2]);
            }
        }
        for (String tool : List.of("iptables", "ip6tables")) {
            String save = a.exec(tool + "-save");
            for (String line : save.split("\n")) {
                if (line.startsWith("-A ") && line.contains("-j NETFAULT-" + id) && !line.startsWith("-A NETFAULT-")) {
                    List<String> argv = new ArrayList<>(List.of(tool, "-w", "5", "-t", table(save, line), "-D"));
                    argv.addAll(List.of(line.substring(3).split(" ")));
                    a.exec(argv.toArray(String[]::new));
                }
            }
            if (save.contains(":NETFAULT-" + id)) {
                for (String t : List.of("filter", "raw", "mangle")) {
                    if (a.run(tool, "-w", "5", "-t", t, "-F", "NETFAULT-" + id).ok()) {
                        a.exec(tool, "-w", "5", "-t", t, "-X", "NETFAULT-" + id);
                    }
                }
            }
        }
        for (String line : a.exec("ip", "-o", "link", "show").split("\n")) {
            String[] p = line.split(":\\s+");
            if (p.length > 1 && p[1].split("@")[0].startsWith("nf" + id)) {
                a.exec("ip", "link", "del", p[1].split("@")[0]);
            }
        }
    }

    private static String table(String save, String rule) {
        String table = "filter";
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1);
            }
            if (line.equals(rule)) {
                return table;
            }
        }
        return table;
    }

    @Override
    public void close() throws Exception {
        try {
            if (agent != null && agent.alive()) {
                agent.terminate(20_000);
            }
            client.close();
            server.close();
            assertKernelAsBefore();
        } finally {
            if (agent != null) {
                agent.close();
            }
            pair.close();
        }
    }
}
