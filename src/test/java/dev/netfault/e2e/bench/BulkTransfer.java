package dev.netfault.e2e.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP bulk transfer between namespaces, for the per-packet cost of a fault on traffic it does not affect:
 * {@code BulkTransfer server PORT} discards what it receives until stdin closes; {@code BulkTransfer client HOST PORT
 * MILLIS} sends 64 KiB writes for that long and prints {@code bytes <n> nanos <t>}.
 */
public final class BulkTransfer {

    private BulkTransfer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args[0].equals("server")) {
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getByName("::"), Integer.parseInt(args[1])));
                Thread t = new Thread(() -> {
                    byte[] buf = new byte[1 << 16];
                    while (!server.isClosed()) {
                        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                            while (in.read(buf) >= 0) {
                                // discard
                            }
                        } catch (Exception e) {
                            // next connection
                        }
                    }
                }, "sink");
                t.setDaemon(true);
                t.start();
                out.println("ready");
                while (System.in.read() >= 0) {
                    // stdin EOF ends the server
                }
            }
            return;
        }
        long millis = Long.parseLong(args[3]);
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        try (Socket s = new Socket(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
             OutputStream o = s.getOutputStream()) {
            long t0 = System.nanoTime();
            long end = t0 + millis * 1_000_000L;
            long now = t0;
            while (now < end) {
                o.write(buf);
                bytes += buf.length;
                now = System.nanoTime();
            }
            out.println("bytes " + bytes + " nanos " + (now - t0));
        }
    }
}
