package dev.netfault.e2e.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built agent ({@code java -jar netfault.jar serve}) running inside the client namespace of a
 * {@link NamespacePair}, driven only over HTTP: requests go to its loopback address with curl run in that namespace.
 * Close sends SIGTERM (the agent reverts everything) and removes its state directory.
 */
final class Agent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "http://127.0.0.1:51680";

    private final String netns;
    private final Path stateDir;
    private final Path log;
    private final Process process;

    private Agent(String netns, Path stateDir, Path log, Process process) {
        this.netns = netns;
        this.stateDir = stateDir;
        this.log = log;
        this.process = process;
    }

    /** Starts the agent in {@code netns} and waits until {@code GET /healthz} answers 200. */
    static Agent start(String netns, String... extraArgs) throws IOException, InterruptedException {
        Path stateDir = Files.createTempDirectory("nfgu-state");
        Path log = stateDir.resolveSibling(stateDir.getFileName() + ".log");
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns,
                System.getProperty("java", "java"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        String cds = System.getProperty("netfault.agentCds", "");
        if (!cds.isEmpty() && Files.isRegularFile(Path.of(cds))) {
            argv.add("-XX:SharedArchiveFile=" + cds);   // made by scripts/guest-lane.sh; the JVM ignores a stale one
        }
        argv.addAll(List.of("-jar", System.getProperty("netfault.jar", "agent/target/netfault.jar"),
                "serve", "--state-dir", stateDir.toString(), "--request-deadline", "60s"));
        argv.addAll(List.of(extraArgs));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Agent agent = new Agent(netns, stateDir, log, process);
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("agent exited with " + process.exitValue() + ": " + agent.logText());
                }
                if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException("agent not ready after 120 s: " + agent.logText());
                }
                Response health = agent.get("/healthz");
                if (health.status() == 200) {
                    System.out.printf("agent ready in %.1f s (guest, emulated CPU): %s%n",
                            (System.nanoTime() - started) / 1e9, health.body().strip());
                    return agent;
                }
                Thread.sleep(250);
            }
        } catch (RuntimeException | InterruptedException e) {
            agent.close();
            throw e;
        }
    }

    /** POSTs {@code body} (a JSON object built from a map; null for no body) to {@code path}. */
    Response post(String path, Map<String, ?> body) {
        try {
            List<String> argv = new ArrayList<>(curl("-X", "POST"));
            if (body != null) {
                argv.addAll(List.of("-H", "Content-Type: application/json", "--data-binary",
                        JSON.writeValueAsString(body)));
            }
            argv.add(BASE + path);
            return parse(Sh.run(argv.toArray(String[]::new)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Response get(String path) {
        List<String> argv = new ArrayList<>(curl("-X", "GET"));
        argv.add(BASE + path);
        Sh.Result result = Sh.tryRun(argv.toArray(String[]::new));
        return result.exitCode() == 0 ? parse(result.stdout()) : new Response(0, result.stderr());
    }

    /** Starts a fault and insists on 200 {"Status":"running"}. */
    void startOk(String kind, Map<String, ?> body) {
        Response response = post("/fault/v1/" + kind + "/start", body);
        if (response.status() != 200 || !"running".equals(response.json().path("Status").asText())) {
            throw new AssertionError("start " + kind + " " + body + " answered " + response + "; agent log: " + logText());
        }
        settle();
    }

    /** Lets the agent finish its after-start work (verify, journal) before a test measures: the guest has 2 CPUs. */
    private static void settle() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    void stopOk(String kind) {
        Response response = post("/fault/v1/" + kind + "/stop", null);
        if (response.status() != 200) {
            throw new AssertionError("stop " + kind + " answered " + response);
        }
    }

    String status(String kind) {
        return post("/fault/v1/" + kind + "/status", null).json().path("Status").asText();
    }

    private List<String> curl(String... more) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns, "curl", "-sS", "--max-time", "60",
                "-o", "-", "-w", "\n%{http_code}"));
        argv.addAll(List.of(more));
        return argv;
    }

    private static Response parse(String output) {
        int cut = output.lastIndexOf('\n');
        return new Response(Integer.parseInt(output.substring(cut + 1).strip()), output.substring(0, cut));
    }

    String logText() {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: the agent gets no chance to revert anything. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Sh.tryRun("rm", "-rf", stateDir.toString(), log.toString());
    }

    /** An HTTP answer: status code and body. */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }
}
