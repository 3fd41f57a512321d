package dev.netfault.e2e.bench;

import dev.netfault.bridge.testing.Netns;
import dev.netfault.e2e.HttpShell;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A serial HTTP client inside a namespace: one long-lived {@link HttpShell} process, so each call costs an HTTP round
 * trip on loopback and no JVM start. The round trip is timed inside the namespace ({@link Response#micros()}).
 */
final class ShellClient implements AutoCloseable {

    static final String BASE = "http://127.0.0.1:51680";

    /** Status (0 when the connection failed), round trip in microseconds (AWAIT: epoch millis of the 200), body. */
    record Response(int status, long micros, String body) {
        double millis() {
            return micros / 1000.0;
        }
    }

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    ShellClient(Netns ns) {
        try {
            process = new ProcessBuilder("ip", "netns", "exec", ns.name(), javaBinary(), "-XX:+UseSerialGC", "-Xmx32m",
                    "-cp", classpath(), HttpShell.class.getName(), BASE)
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

    Response get(String path) {
        return send("GET " + path);
    }

    Response delete(String path) {
        return send("DELETE " + path);
    }

    Response post(String path, String json) {
        return send("POST " + path + (json.isEmpty() ? "" : " " + json));
    }

    /** Polls {@code GET path} every 2 ms until 200; {@code micros} of the answer is the epoch millis of that 200. */
    Response await(String path, long timeoutMs) {
        return send("AWAIT " + path + " " + timeoutMs);
    }

    private synchronized Response send(String line) {
        if (line.contains("\n")) {
            throw new IllegalArgumentException("one line only");
        }
        try {
            in.write(line + "\n");
            in.flush();
            String r = readLine(60);
            if (r == null) {
                throw new IllegalStateException("HttpShell ended");
            }
            String[] p = r.split("\t", 3);
            return new Response(Integer.parseInt(p[0]), Long.parseLong(p[1]), p.length > 2 ? p[2] : "");
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for HttpShell", e);
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

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test-classes directory (HttpShell, LoadDriver and BulkTransfer need nothing else). */
    static String classpath() {
        try {
            return Path.of(HttpShell.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
