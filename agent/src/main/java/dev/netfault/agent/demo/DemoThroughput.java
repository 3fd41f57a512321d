package dev.netfault.agent.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The demo's throughput probe, measured where the bytes arrive: {@link #sink} (in the server) reads a connection until
 * the sender half-closes and answers the goodput it saw after a short warm-up (slow start and the shaper's burst left
 * out) in kbit/s; {@link #blast} (in the client namespace) writes as fast as the connection takes for a while and
 * returns that answer. The sender's buffer is small (128 KiB), so a limited connection drains in well under a second.
 */
public final class DemoThroughput {

    static final long WARM_UP_NANOS = 500_000_000L;
    private static final int SEND_BUFFER = 128 * 1024;

    private DemoThroughput() {
    }

    /** Serves measurements on {@code socket} until it is closed, one connection after another. */
    public static void sink(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                c.setSoTimeout(30_000);
                long kbit = measure(c.getInputStream());
                OutputStream out = c.getOutputStream();
                out.write((kbit + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private static long measure(InputStream in) throws IOException {
        byte[] buf = new byte[65536];
        long first = 0;
        long warm = 0;
        long warmBytes = -1;
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            long now = System.nanoTime();
            if (first == 0) {
                first = now;
            }
            if (warmBytes < 0 && now - first >= WARM_UP_NANOS) {
                warm = now;
                warmBytes = total;
            }
            total += n;
        }
        long end = System.nanoTime();
        if (warmBytes < 0 || end <= warm) {
            return 0;
        }
        return (total - warmBytes) * 8L * 1_000_000L / (end - warm); // bytes/ns → kbit/s: x8 bit, x1e9 /s, /1e3 kbit
    }

    /** Sends to {@code target} for {@code length}; the goodput the sink measured, in kbit/s. */
    public static long blast(InetSocketAddress target, Duration length) throws IOException {
        try (Socket s = new Socket()) {
            s.setSendBufferSize(SEND_BUFFER);
            s.connect(target, 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[16 * 1024];
            long stop = System.nanoTime() + length.toNanos();
            while (System.nanoTime() < stop) {
                out.write(chunk);
            }
            s.shutdownOutput();
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (answer == null || !answer.matches("\\d+")) {
                throw new IOException("the throughput sink at " + target + " answered '" + answer + "'");
            }
            return Long.parseLong(answer);
        }
    }

    /** {@code 1.98 Mbit/s}, {@code 15.2 Gbit/s}, {@code 640 kbit/s}. */
    public static String human(long kbit) {
        if (kbit >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f Gbit/s", kbit / 1e6);
        }
        if (kbit >= 1_000) {
            return String.format(Locale.ROOT, "%.2f Mbit/s", kbit / 1e3);
        }
        return kbit + " kbit/s";
    }
}
