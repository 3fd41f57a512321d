package dev.netfault.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.testing.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talks to an agent listening on loopback inside a namespace, through one {@link HttpShell} process started in that
 * namespace. Calls are serial. Used by the agent suites here and by the platform-mode suite.
 */
public final class AgentClient implements AutoCloseable {

    /** One answer: status (0 when the connection failed), client-side round trip in microseconds, body. */
    public record Response(int status, long micros, String body) {
        public double millis() {
            return micros / 1000.0;
        }

        /** The body as JSON; an {@link IllegalStateException} quoting it when it is not. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    /** How long one request may take unless the constructor is told otherwise. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final int answerSeconds;

    public AgentClient(Netns ns, String base) {
        this(ns, base, REQUEST_TIMEOUT);
    }

    /**
     * @param requestTimeout how long one request may take (the read timeout of the client); an emulated guest, whose
     *                       agent may take tens of seconds to apply a fault, needs more than {@link #REQUEST_TIMEOUT}
     */
    public AgentClient(Netns ns, String base, Duration requestTimeout) {
        answerSeconds = (int) Math.max(60, requestTimeout.toSeconds() + 40);
        try {
            process = new ProcessBuilder(ns.inside(javaBinary(), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xmx32m", "-cp", classpath(), HttpShell.class.getName(), base,
                    Long.toString(requestTimeout.toMillis())))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = readLine(answerSeconds / 2);
            if (!"ready".equals(first)) {
                throw new IllegalStateException("HttpShell in " + ns.name() + " did not start: " + first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response get(String path) {
        return send("GET " + path);
    }

    public Response delete(String path) {
        return send("DELETE " + path);
    }

    /** POSTs {@code body} as one line of JSON. */
    public Response post(String path, Map<String, ?> body) {
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body: " + body, e);
        }
    }

    /** POSTs {@code json} (one line; empty for no body). */
    public Response post(String path, String json) {
        if (json.contains("\n")) {
            throw new IllegalArgumentException("one-line JSON only");
        }
        return send("POST " + path + (json.isEmpty() ? "" : " " + json));
    }

    /**
     * Polls {@code GET path} until 200 and, on {@code /healthz}, the capability probe done; the answer's {@code micros}
     * is the epoch millis at which that came.
     */
    public Response await(String path, long timeoutMs) {
        return send("AWAIT " + path + " " + timeoutMs, (int) Math.max(answerSeconds, timeoutMs / 1000 + 30));
    }

    /** Like {@link #await}, but at the first 200 (on {@code /healthz}: maybe while the probe still runs). */
    public Response awaitFirst(String path, long timeoutMs) {
        return send("FIRST " + path + " " + timeoutMs, (int) Math.max(answerSeconds, timeoutMs / 1000 + 30));
    }

    private Response send(String line) {
        return send(line, answerSeconds);
    }

    private synchronized Response send(String line, int seconds) {
        try {
            in.write(line + "\n");
            in.flush();
            String r = readLine(seconds);
            if (r == null) {
                throw new IllegalStateException("HttpShell ended");
            }
            List<String> p = List.of(r.split("\t", 3));
            return new Response(Integer.parseInt(p.get(0)), Long.parseLong(p.get(1)), p.size() > 2 ? p.get(2) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readLine(int seconds) {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("HttpShell gave no answer within " + seconds + " s", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * The java binary to start helper processes in a namespace with: {@code -Djava} if set (scripts/guest-lane.sh
     * names the host's JDK so), else this JVM's own.
     */
    public static String javaBinary() {
        String java = System.getProperty("java", "");
        return java.isEmpty() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : java;
    }

    /** The test classpath entry holding {@link HttpShell} and the other in-namespace helpers. */
    public static String classpath() {
        try {
            return Path.of(HttpShell.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
