package dev.netfault.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import dev.netfault.e2e.AgentClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Platform mode on one box: namespace A holds the "platform" (a real netfault agent in kernel mode with
 * {@code --rate-limit 1/5s} on 127.0.0.1:51690) and the sidecar under test (platform mode, NET_ADMIN dropped from its
 * bounding and inheritable sets with setpriv, {@code ECS_AGENT_URI=http://127.0.0.1:51690/api/task}); B runs TCP
 * servers on 8080 and 8081 at 198.51.100.2 and .3. Optionally a {@link TinyDns} on 127.0.0.1:53 in A, found through
 * {@code /etc/netns/<A>/resolv.conf}.
 */
final class PlatformRig implements AutoCloseable {

    static final String PLATFORM = "http://127.0.0.1:51690";
    static final String SIDECAR = "http://127.0.0.1:51680";
    static final String B2 = "198.51.100.3";

    final NetnsPair pair;
    final Path tmp;
    final TrafficProcess servers;
    final AgentClient sidecarApi;
    final AgentClient platformApi;
    final long t0 = System.currentTimeMillis();
    Process platform;
    Process sidecar;
    Process dns;
    Path zone;
    Path netnsEtc;
    boolean createdEtcNetns;
    int sidecarStarts;

    PlatformRig(Path tmp) throws Exception {
        Netns.assumeRoot();
        Assumptions.assumeTrue(Netns.onPath("setpriv"), "setpriv (util-linux) is not on the PATH");
        Assumptions.assumeTrue(Files.isRegularFile(jar()), "no agent jar at " + jar() + " (build the agent module first)");
        this.tmp = tmp;
        pair = NetnsPair.builder().prefix("nfpf").extraAddressOnB(B2 + "/24").create();
        try {
            pair.a().exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=32768 50999");
            servers = TrafficClient.in(pair.b()).tcpServer(8080, 8081);
            platformApi = new AgentClient(pair.a(), PLATFORM);
            sidecarApi = new AgentClient(pair.a(), SIDECAR);
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    static Path jar() {
        return Path.of(System.getProperty("netfault.jar", "agent/target/netfault.jar")).toAbsolutePath().normalize();
    }

    /** Starts the tiny DNS responder in A with {@code name address} lines and points A's resolv.conf at it. */
    void startDns(String zoneText) throws Exception {
        zone = tmp.resolve("zone.txt");
        Files.writeString(zone, zoneText);
        netnsEtc = Path.of("/etc/netns", pair.a().name());
        createdEtcNetns = !Files.exists(netnsEtc.getParent());
        Files.createDirectories(netnsEtc);
        Files.writeString(netnsEtc.resolve("resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:2\n");
        dns = new ProcessBuilder("ip", "netns", "exec", pair.a().name(), AgentClient.javaBinary(), "-Xmx32m", "-cp",
                AgentClient.classpath(), TinyDns.class.getName(), "127.0.0.1", "53", zone.toString())
                .redirectErrorStream(true).start();
        String first = new String(dns.getInputStream().readNBytes(6));
        assertThat(first).isEqualTo("ready\n");
    }

    void setZone(String zoneText) throws IOException {
        Path next = tmp.resolve("zone.next");
        Files.writeString(next, zoneText);
        Files.move(next, zone, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    void startPlatform() throws Exception {
        platform = launch("platform", List.of(), List.of("--mode", "kernel", "--listen", "127.0.0.1:51690",
                "--rate-limit", "1/5s", "--state-dir", tmp.resolve("platform-state").toString()), false);
        AgentClient.Response r = platformApi.await("/healthz", 30_000);
        assertThat(r.status()).as("platform healthz; log:\n" + log("platform")).isEqualTo(200);
    }

    /** Starts (or restarts, with the same journal) the sidecar without NET_ADMIN, in auto mode; waits for healthz. */
    void startSidecar() throws Exception {
        sidecarStarts++;
        sidecar = launch("sidecar" + sidecarStarts, List.of("setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin", "--"),
                List.of("--mode", "auto", "--state-dir", tmp.resolve("sidecar-state").toString()), true);
        AgentClient.Response r = sidecarApi.await("/healthz", 30_000);
        assertThat(r.status()).as("sidecar healthz; log:\n" + log("sidecar" + sidecarStarts)).isEqualTo(200);
    }

    private Process launch(String name, List<String> wrapper, List<String> serveArgs, boolean platformUri) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", pair.a().name()));
        argv.addAll(wrapper);
        argv.addAll(List.of(AgentClient.javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m", "-jar",
                jar().toString(), "serve"));
        argv.addAll(serveArgs);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().remove("ECS_AGENT_URI");
        if (platformUri) {
            pb.environment().put("ECS_AGENT_URI", PLATFORM + "/api/task");
        }
        return pb.start();
    }

    String log(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sidecarLog() {
        return log("sidecar" + sidecarStarts);
    }

    /** CapEff of the sidecar's JVM, from /proc. */
    String sidecarCapEff() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(sidecar.pid()), "status"))) {
            if (line.startsWith("CapEff:")) {
                return line.substring(7).strip();
            }
        }
        return "";
    }

    void kill9Sidecar() throws InterruptedException {
        sidecar.destroyForcibly();
        sidecar.waitFor(5, TimeUnit.SECONDS);
    }

    /** Seconds since the rig was made, for timelines. */
    String at() {
        return String.format("t=%6.2f s", (System.currentTimeMillis() - t0) / 1000.0);
    }

    @Override
    public void close() throws Exception {
        try {
            for (Process p : new Process[] {sidecar, platform, dns}) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(25, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        p.waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
            sidecarApi.close();
            platformApi.close();
            servers.close();
        } finally {
            try {
                if (netnsEtc != null) {
                    Files.deleteIfExists(netnsEtc.resolve("resolv.conf"));
                    Files.deleteIfExists(netnsEtc);
                    if (createdEtcNetns) {
                        try (var left = Files.list(netnsEtc.getParent())) {
                            if (left.findAny().isEmpty()) {
                                Files.deleteIfExists(netnsEtc.getParent());
                            }
                        }
                    }
                }
            } finally {
                pair.close();
            }
        }
    }
}
