package dev.netfault.e2e.bench;

import dev.netfault.e2e.AgentProcess;
import dev.netfault.e2e.AgentClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One benchmark's world: a namespace pair named {@code nfbn...} (the agent and its clients in A, servers in B), A's
 * kernel state before the agent, the agent (launcher defaults) and a serial client in A. {@link #close()} stops the
 * agent with SIGTERM and asserts A's kernel state is what it was: a benchmark must leak nothing.
 */
final class BenchSetup implements AutoCloseable {

    static final String PREFIX = "nfbn";

    final NetnsPair pair;
    final Path stateDir;
    final KernelSnapshot before;
    static final String BASE = "http://127.0.0.1:51680";

    final AgentClient client;
    AgentProcess agent;
    long readyMillis;

    BenchSetup(Path tmp, NetnsPair pair) throws Exception {
        this.pair = pair;
        try {
            // 51680 lies in Linux's ephemeral range: keep client ports away from it (a poller could connect to itself)
            pair.a().exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=32768 50999");
            stateDir = Files.createDirectories(tmp.resolve("state"));
            before = KernelSnapshot.take(pair.a());
            client = new AgentClient(pair.a(), BASE);
            // NETFAULT_BENCH_JAVA_OPTS replaces the launcher's JVM options (e.g. theirs plus a flight recording)
            startAgent(System.getenv("NETFAULT_BENCH_JAVA_OPTS"));
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    static BenchSetup create(Path tmp) throws Exception {
        Netns.assumeRoot();
        AgentProcess.jar();
        return new BenchSetup(tmp, NetnsPair.builder().prefix(PREFIX).create());
    }

    Netns a() {
        return pair.a();
    }

    Netns b() {
        return pair.b();
    }

    /** Starts the agent on the same state directory and waits for {@code /healthz} 200; returns start -> ready ms. */
    long startAgent(String javaOpts, String... extra) {
        agent = AgentProcess.startWithLauncher(pair.a(), stateDir, javaOpts, extra);
        AgentClient.Response r = client.await("/healthz", 30_000);
        assertThat(r.status()).as("healthz; agent log:\n" + agent.log()).isEqualTo(200);
        readyMillis = r.micros() - agent.startedAtMillis();
        return readyMillis;
    }

    KernelSnapshot snapshot() throws InterruptedException {
        return KernelSnapshot.take(pair.a());
    }

    /**
     * Nothing leaked: no netfault-marked object, and A's state equals the state before except for the empty built-in
     * filter tables and chains that iptables-nft creates on first use and never removes ({@link #scaffoldFree}).
     */
    void assertKernelAsBefore() throws InterruptedException {
        KernelSnapshot now = snapshot();
        assertThat(now.netfaultObjects()).as("netfault objects left in " + pair.a().name()).isEmpty();
        assertThat(scaffoldFree(now)).as("kernel state of " + pair.a().name() + " differs:\n" + before.diff(now))
                .isEqualTo(scaffoldFree(before));
    }

    /** The snapshot without empty built-in chains ({@code :INPUT ACCEPT [-]}, {@code policy accept;} base chains). */
    static KernelSnapshot scaffoldFree(KernelSnapshot s) {
        return new KernelSnapshot(saveScaffoldFree(s.iptables()), saveScaffoldFree(s.ip6tables()),
                s.nftables().replaceAll("\t+chain \\w+ \\{\n\t+type (filter|nat) hook \\w+ priority [^;]+; policy accept;\n\t+\\}\n\n?", "")
                        .replaceAll("table ip6? (filter|nat) \\{\n\\}\n", "").strip(),
                s.ipsets(), s.links(), s.qdiscs(), s.filters());
    }

    private static String saveScaffoldFree(String save) {
        String noBuiltins = save.replaceAll("(?m)^:(INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) ACCEPT \\[-\\]\n", "");
        return noBuiltins.replaceAll("\\*\\w+\nCOMMIT\n", "").strip();
    }

    @Override
    public void close() throws Exception {
        try {
            if (agent != null) {
                agent.close();
            }
            client.close();
            assertKernelAsBefore();
        } finally {
            pair.close();
        }
    }
}
