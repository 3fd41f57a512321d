package dev.netfault.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A long-lived HTTP client run inside the agent's namespace ({@code ip netns exec NS java -cp ... HttpShell BASE}), so
 * the test in the host namespace can reach the agent's loopback listener without paying a JVM start per call.
 *
 * <p>Reads one request per stdin line, {@code METHOD PATH [BODY]}, and answers one line
 * {@code STATUS<TAB>MICROS<TAB>BODY} (newlines in the body become spaces; status 0 when the connection failed).
 * {@code AWAIT PATH TIMEOUT_MS} polls {@code GET PATH} every 2 ms until it answers 200 with a body that does not say
 * {@code "probe":"running"} (the agent serves {@code /healthz} while its capability probe still runs) and prints the
 * epoch millis at which it did in place of MICROS; {@code FIRST PATH TIMEOUT_MS} likewise, at the first 200. An optional second argument is the read timeout of one request in milliseconds
 * (default 20000).
 */
public final class HttpShell {

    private HttpShell() {
    }

    public static void main(String[] args) throws IOException {
        String base = args[0];
        int readTimeoutMs = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready");
        String line;
        while ((line = in.readLine()) != null) {
            String[] p = line.split(" ", 3);
            if (p[0].equals("AWAIT") || p[0].equals("FIRST")) {
                long deadline = System.currentTimeMillis() + Long.parseLong(p[2]);
                String[] r;
                do {
                    r = call(base, "GET", p[1], null, readTimeoutMs);
                    if (r[0].equals("200") && (p[0].equals("FIRST") || !r[1].contains("\"probe\":\"running\""))) {
                        break;
                    }
                    sleep();
                } while (System.currentTimeMillis() < deadline);
                out.println(r[0] + "\t" + System.currentTimeMillis() + "\t" + r[1]);
                continue;
            }
            long t0 = System.nanoTime();
            String[] r = call(base, p[0], p[1], p.length > 2 ? p[2] : null, readTimeoutMs);
            out.println(r[0] + "\t" + (System.nanoTime() - t0) / 1000 + "\t" + r[1]);
        }
    }

    private static String[] call(String base, String method, String path, String body, int readTimeoutMs) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(base + path).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout(readTimeoutMs);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream o = c.getOutputStream()) {
                    o.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream s = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = s == null ? "" : new String(s.readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {Integer.toString(status), text.replace('\n', ' ').replace('\r', ' ')};
        } catch (IOException e) {
            return new String[] {"0", e.toString()};
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
