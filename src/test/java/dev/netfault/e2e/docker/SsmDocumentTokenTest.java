package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each SSM document, rendered as SSM renders it and run by {@code sh} against an agent stand-in on loopback, sends
 * {@code Authorization: Bearer <token>} on start and stop when TokenFile (or NETFAULT_TOKEN) gives one, and no
 * Authorization header otherwise; the header file it writes is gone afterwards.
 */
class SsmDocumentTokenTest {

    @TempDir
    Path dir;

    private record Seen(String route, String authorization) {
    }

    @Test
    void run_everyDocumentSendsTheTokenFromTokenFileOrTheEnvironmentAndNothingWithout() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        for (String doc : List.of("netfault-network-latency", "netfault-network-packet-loss",
                "netfault-network-blackhole-port")) {
            assertThat(run(doc, Map.of("TokenFile", token.toString()), Map.of()))
                    .as(doc + " with TokenFile").extracting(Seen::authorization)
                    .containsExactly("Bearer s3cret-token", "Bearer s3cret-token");
            assertThat(run(doc, Map.of(), Map.of("NETFAULT_TOKEN", "from-env")))
                    .as(doc + " with NETFAULT_TOKEN").extracting(Seen::authorization)
                    .containsExactly("Bearer from-env", "Bearer from-env");
            List<Seen> none = run(doc, Map.of(), Map.of());
            assertThat(none).extracting(Seen::route).containsExactly("start", "stop");
            assertThat(none).extracting(Seen::authorization).containsExactly((String) null, null);
        }
    }

    private List<Seen> run(String doc, Map<String, String> extra, Map<String, String> env) throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String route = path.substring(path.lastIndexOf('/') + 1);
            seen.add(new Seen(route, ex.getRequestHeaders().getFirst("Authorization")));
            byte[] b = ("{\"Status\":\"" + (route.equals("start") ? "running" : "stopped") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            Map<String, String> values = new java.util.HashMap<>(extra);
            values.put("DurationSeconds", "1");
            if (doc.endsWith("blackhole-port")) {
                values.put("Port", "8081");
            }
            values.put("AgentUrl", "http://127.0.0.1:" + server.getAddress().getPort());
            String script = SsmDocument.load(DockerTestbed.root().resolve("docker/ssm/" + doc + ".json")).render(values);
            assertThat(script).doesNotContain("s3cret-token");
            Path tmp = Files.createDirectory(dir.resolve(doc + "-" + System.nanoTime()));
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
            pb.environment().remove("NETFAULT_TOKEN");
            pb.environment().putAll(env);
            pb.environment().put("TMPDIR", tmp.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            try (var left = Files.list(tmp)) {
                assertThat(left).as("the header file is removed").isEmpty();
            }
            return List.copyOf(seen);
        } finally {
            server.stop(0);
        }
    }
}
