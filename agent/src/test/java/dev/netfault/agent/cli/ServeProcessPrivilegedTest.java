package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.Netns;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netfault serve} as a real process acting on a network namespace this test creates ({@code --netns}), driven
 * only over HTTP: ready time, a blackhole that lands in the namespace's iptables, and SIGTERM reverting it so the
 * namespace's rules are byte-identical to before. Needs root.
 */
@Tag("privileged")
class ServeProcessPrivilegedTest {

    private static final Pattern READY = Pattern.compile(
            "netfault agent listening on 127\\.0\\.0\\.1:(\\d+) \\(mode (\\w+), ready in (\\d+) ms\\)");

    @TempDir
    Path state;

    private Netns ns;
    private Process agent;

    @BeforeEach
    void namespace() throws Exception {
        ns = Netns.create("nfag");
        ns.exec("ip", "link", "add", "nfag0", "type", "veth", "peer", "name", "nfag1");
        ns.exec("ip", "addr", "add", "198.51.100.1/24", "dev", "nfag0");
        ns.exec("ip", "link", "set", "nfag0", "up");
        ns.exec("ip", "link", "set", "nfag1", "up");
    }

    @AfterEach
    void cleanup() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void serve_readyFastBlackholeAppliedAndSigtermRevertsEverything() throws Exception {
        String before = rules();
        long t0 = System.nanoTime();
        agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--listen", "127.0.0.1:0", "--netns", ns.name(),
                "--state-dir", state.toString(), "--log-format", "json")
                .redirectError(state.resolve("agent.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(line).as(Files.exists(state.resolve("agent.log")) ? Files.readString(state.resolve("agent.log")) : "")
                .matches(READY);
        Matcher m = READY.matcher(line);
        assertThat(m.matches()).isTrue();
        System.out.println("serve ready: agent says " + m.group(3) + " ms since JVM start; " + wallMs + " ms wall from spawn");
        String base = "http://127.0.0.1:" + m.group(1);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        long a0 = System.nanoTime();
        HttpResponse<String> start = post(http, base + "/fault/v1/network-blackhole-port/start",
                "{\"Port\":443,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\",\"DurationSeconds\":120}");
        long applyMs = (System.nanoTime() - a0) / 1_000_000;
        System.out.println("blackhole start answered in " + applyMs + " ms: " + start.body());

        assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        assertThat(start.body()).isEqualTo("{\"Status\":\"running\"}");
        assertThat(rules().toLowerCase(java.util.Locale.ROOT)).contains("netfault");
        assertThat(post(http, base + "/fault/v1/network-blackhole-port/status",
                "{\"Port\":443,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}").body()).isEqualTo("{\"Status\":\"running\"}");
        String faults = http.send(HttpRequest.newBuilder(URI.create(base + "/faults")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(faults).contains("\"key\":\"blackhole:egress-tcp-443\"").contains("\"present\":true");
        for (int i = 0; i < 5; i++) { // warm: the same call again, with its own port, then stopped
            String other = "{\"Port\":" + (9000 + i) + ",\"Protocol\":\"udp\",\"TrafficType\":\"egress\"}";
            long w0 = System.nanoTime();
            assertThat(post(http, base + "/fault/v1/network-blackhole-port/start", other).statusCode()).isEqualTo(200);
            long w1 = System.nanoTime();
            assertThat(post(http, base + "/fault/v1/network-blackhole-port/stop", other).body()).isEqualTo("{\"Status\":\"stopped\"}");
            System.out.println("warm blackhole start " + (w1 - w0) / 1_000_000 + " ms, stop "
                    + (System.nanoTime() - w1) / 1_000_000 + " ms");
        }
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("netfault_faults_active{kind=\"blackhole\"} 1.0");

        agent.destroy(); // SIGTERM
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(rules()).isEqualTo(before);
        String log = Files.readString(state.resolve("agent.log"));
        assertThat(log).contains("\"formattedMessage\":\"fault started\"").contains("{\"reason\":\"shutdown\"}");
        // every line JSON, the first ones too (logged while SLF4J initialised on another thread), and no SLF4J notice
        assertThat(log.lines().filter(l -> !l.isBlank()).toList()).allMatch(l -> l.startsWith("{\"timestamp\":"));
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The namespace's IPv4 and IPv6 rules, nftables and qdiscs, without the save tools' timestamp comments and without
     * the noqueue qdiscs the kernel attaches by itself once a veth gets its carrier.
     */
    private String rules() throws Exception {
        List<String> all = new ArrayList<>();
        for (List<String> cmd : List.of(List.of("iptables-save"), List.of("ip6tables-save"), List.of("nft", "list", "ruleset"),
                List.of("tc", "qdisc", "show"))) {
            all.add(String.join(" ", cmd) + ":\n" + ns.exec(cmd.toArray(String[]::new)).lines()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("qdisc noqueue 0: dev"))
                    .collect(Collectors.joining("\n")));
        }
        return String.join("\n", all);
    }
}
