package dev.netfault.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The two ends of a TCP goodput measurement, run by {@link Traffic} inside a namespace:
 * <ul>
 *   <li>{@code tcp-sink PORT} — accepts connections one after another; prints {@code ready}, then for each one
 *       {@code goodput KBIT BYTES MS}: the bytes received from one second after the first byte (the burst and slow
 *       start left out) until the sender closed, over that time. Runs until standard input closes.</li>
 *   <li>{@code tcp-blast HOST PORT SECONDS} — writes as fast as the connection takes for SECONDS (a 128 KiB send
 *       buffer, so the drain after it stops is short), closes, prints {@code sent BYTES}.</li>
 * </ul>
 */
final class TcpGoodput {

    static final long WARM_UP_NANOS = 1_000_000_000L;
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private TcpGoodput() {
    }

    static void sink(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName("::"), port), 16);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    measure(s.getInputStream());
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }, "sink-" + port);
        t.setDaemon(true);
        t.start();
        OUT.println("ready");
        try {
            while (System.in.read() >= 0) {
                // EOF is the signal to stop
            }
        } finally {
            server.close();
        }
    }

    private static void measure(InputStream in) throws IOException {
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
            OUT.println("goodput 0 " + total + " 0");
            return;
        }
        long bytes = total - warmBytes;
        double ms = (end - warm) / 1e6;
        OUT.println(String.format(Locale.ROOT, "goodput %.0f %d %.0f", bytes * 8 / ms, bytes, ms));
    }

    static void blast(InetAddress host, int port, int seconds) throws IOException {
        long sent = 0;
        try (Socket s = new Socket()) {
            s.setSendBufferSize(128 * 1024);
            s.connect(new InetSocketAddress(host, port), 5000);
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[16384];
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                out.write(buf);
                sent += buf.length;
            }
            s.shutdownOutput();
            s.getInputStream().read(); // the sink closes once it has read everything
        }
        OUT.println("sent " + sent);
    }
}
