package dev.netfault.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.cli.Main;
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

/**
 * {@code netfault serve} from this module's classes, in a JVM of its own acting on a namespace ({@code --netns}), on a
 * port the kernel picks; its stderr goes to {@code agent.log} in the state directory. Closing it sends SIGTERM (the
 * agent reverts everything) and waits for the exit.
 *
 * <p>{@code try (ServedAgent a = ServedAgent.start(state, pair.a().name())) { a.post("network-latency/status", ""); }}
 */
public final class ServedAgent implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("netfault agent listening on 127\\.0\\.0\\.1:(\\d+) .*");

    private final Process process;
    private final Path log;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServedAgent(Process process, Path log, String base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts the agent with extra JVM options (e.g. {@code -Ddns.server=...}) and waits for its listening line. */
    public static ServedAgent start(Path stateDir, String netns, String... jvmOptions) throws Exception {
        return start(stateDir, netns, List.of(), jvmOptions);
    }

    /** As {@link #start(Path, String, String...)} with more {@code serve} options, e.g. {@code --allow-unleased}. */
    public static ServedAgent start(Path stateDir, String netns, List<String> serveOptions, String... jvmOptions)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        argv.addAll(List.of(jvmOptions));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--listen", "127.0.0.1:0", "--netns", netns, "--state-dir", stateDir.toString()));
        argv.addAll(serveOptions);
        Path log = stateDir.resolve("agent.log");
        Process p = new ProcessBuilder(argv).redirectError(log.toFile()).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Matcher m = READY.matcher(String.valueOf(line));
        ServedAgent agent = new ServedAgent(p, log, m.matches() ? "http://127.0.0.1:" + m.group(1) + "/fault/v1/" : "");
        if (!m.matches()) {
            String text = agent.log();
            agent.close();
            assertThat(m.matches()).as(text).isTrue();
        }
        return agent;
    }

    /** POSTs {@code body} to {@code /fault/v1/<route>}; answers {@code "<status> <body>"}. */
    public String post(String route, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + route)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    /** GETs one of the agent's own routes, e.g. {@code /faults}; answers {@code "<status> <body>"}. */
    public String get(String path) throws Exception {
        URI uri = URI.create(base).resolve(path);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    /** What the agent wrote to stderr so far. */
    public String log() throws Exception {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
