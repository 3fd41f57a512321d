package dev.netfault.e2e;

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
import java.util.List;
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
    }

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    public AgentClient(Netns ns, String base) {
        try {
            process = new ProcessBuilder("ip", "netns", "exec", ns.name(), javaBinary(), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xmx32m", "-cp", classpath(), HttpShell.class.getName(), base)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = readLine(30);
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

    public Response post(String path, String json) {
        if (json.contains("\n")) {
            throw new IllegalArgumentException("one-line JSON only");
        }
        return send("POST " + path + (json.isEmpty() ? "" : " " + json));
    }

    /** Polls {@code GET path} until 200; the answer's {@code micros} is the epoch millis at which 200 came. */
    public Response await(String path, long timeoutMs) {
        return send("AWAIT " + path + " " + timeoutMs);
    }

    private synchronized Response send(String line) {
        try {
            in.write(line + "\n");
            in.flush();
            String r = readLine(60);
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

    /** The java binary of this JVM, to start helper processes in a namespace. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
