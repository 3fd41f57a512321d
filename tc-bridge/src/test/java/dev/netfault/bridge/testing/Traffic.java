package dev.netfault.bridge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The traffic end of a privileged test, run as its own JVM inside a network namespace (Java cannot switch the
 * namespace of one thread): {@code ip netns exec NS java -cp CP dev.netfault.bridge.testing.Traffic MODE ARGS}.
 * {@link TrafficClient} launches it and parses what it prints. Modes and their output lines:
 * <ul>
 *   <li>{@code tcp-server PORT[,PORT...]} — accepts and closes connections on every port (IPv4 and IPv6);
 *       prints {@code ready}, runs until standard input closes.</li>
 *   <li>{@code udp-sink PORT SECONDS} — counts datagrams; prints {@code ready}, then {@code received N} when
 *       standard input closes or after SECONDS.</li>
 *   <li>{@code tcp-connect HOST PORT TIMEOUT_MS COUNT} — one line per attempt, {@code connect ok|timeout|refused|error MS},
 *       then {@code successes S failures F}.</li>
 *   <li>{@code tcp-probe HOST PORT TIMEOUT_MS} — a warm client: prints {@code ready}, then one {@code connect ...}
 *       line for every line read from standard input, until it closes.</li>
 *   <li>{@code udp-send HOST PORT COUNT} — sends COUNT small datagrams, paced so no receive buffer overflows; prints
 *       {@code sent S errors E eperm P} and, when a send failed, {@code first-error MESSAGE}.</li>
 *   <li>{@code udp-stream HOST PORT PER_SECOND} — sends datagrams at a steady rate; prints {@code ready}, then
 *       {@code sent S errors E} when standard input closes.</li>
 *   <li>{@code tcp-sink PORT}, {@code tcp-blast HOST PORT SECONDS} — a goodput measurement ({@link TcpGoodput}).</li>
 *   <li>{@code udp-clock PORT} — prints {@code ready}, then {@code got MILLIS} (wall clock) for every datagram, until
 *       standard input closes.</li>
 * </ul>
 */
public final class Traffic {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private Traffic() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "tcp-server" -> tcpServer(args);
            case "udp-sink" -> udpSink(args);
            case "tcp-connect" -> tcpConnect(args);
            case "tcp-probe" -> tcpProbe(args);
            case "udp-send" -> udpSend(args);
            case "udp-stream" -> udpStream(args);
            case "udp-clock" -> udpClock(args);
            case "tcp-sink" -> {
                need(args, 2);
                TcpGoodput.sink(Integer.parseInt(args[1]));
            }
            case "tcp-blast" -> {
                need(args, 4);
                TcpGoodput.blast(literal(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            }
            default -> usage();
        }
    }

    private static void tcpServer(String[] args) throws Exception {
        need(args, 2);
        List<ServerSocket> sockets = new ArrayList<>();
        for (String p : args[1].split(",")) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("::"), Integer.parseInt(p)), 512);
            sockets.add(s);
            Thread t = new Thread(() -> acceptLoop(s), "accept-" + p);
            t.setDaemon(true);
            t.start();
        }
        OUT.println("ready");
        waitForStdinEof();
        for (ServerSocket s : sockets) {
            s.close();
        }
    }

    private static void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                server.accept().close(); // the handshake is what the tests measure
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void udpSink(String[] args) throws Exception {
        need(args, 3);
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            waitForStdinEof();
            stop.set(true);
        }, "stdin");
        watcher.setDaemon(true);
        watcher.start();
        long received = 0;
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReceiveBufferSize(4 << 20);
            s.bind(new InetSocketAddress(InetAddress.getByName("::"), Integer.parseInt(args[1])));
            s.setSoTimeout(50);
            byte[] buf = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            OUT.println("ready");
            while (!stop.get() && System.nanoTime() < deadline) {
                try {
                    s.receive(packet);
                    received++;
                } catch (SocketTimeoutException e) {
                    // look at the stop flag and the deadline again
                }
            }
            // drain what is already queued when the stop came
            s.setSoTimeout(20);
            try {
                while (true) {
                    s.receive(packet);
                    received++;
                }
            } catch (SocketTimeoutException e) {
                // queue empty
            }
        }
        OUT.println("received " + received);
    }

    private static void tcpConnect(String[] args) {
        need(args, 5);
        InetAddress host = literal(args[1]);
        int port = Integer.parseInt(args[2]);
        int timeoutMs = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        int ok = 0;
        for (int i = 0; i < count; i++) {
            ok += connectOnce(host, port, timeoutMs) ? 1 : 0;
        }
        OUT.println("successes " + ok + " failures " + (count - ok));
    }

    private static void tcpProbe(String[] args) throws IOException {
        need(args, 4);
        InetAddress host = literal(args[1]);
        int port = Integer.parseInt(args[2]);
        int timeoutMs = Integer.parseInt(args[3]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        OUT.println("ready");
        while (in.readLine() != null) {
            connectOnce(host, port, timeoutMs);
        }
    }

    /** One connect; prints {@code connect OUTCOME MS}. */
    private static boolean connectOnce(InetAddress host, int port, int timeoutMs) {
        long start = System.nanoTime();
        String outcome;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            outcome = "ok";
        } catch (SocketTimeoutException e) {
            outcome = "timeout";
        } catch (ConnectException e) {
            outcome = e.getMessage() != null && e.getMessage().contains("refused") ? "refused" : "error";
        } catch (IOException e) {
            outcome = "error";
        }
        double ms = (System.nanoTime() - start) / 1e6;
        OUT.println("connect " + outcome + " " + String.format(Locale.ROOT, "%.3f", ms));
        return outcome.equals("ok");
    }

    private static void udpStream(String[] args) throws Exception {
        need(args, 4);
        InetAddress host = literal(args[1]);
        int port = Integer.parseInt(args[2]);
        long periodNanos = 1_000_000_000L / Integer.parseInt(args[3]);
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            waitForStdinEof();
            stop.set(true);
        }, "stdin");
        watcher.setDaemon(true);
        watcher.start();
        long sent = 0;
        long errors = 0;
        try (DatagramSocket s = new DatagramSocket()) {
            OUT.println("ready");
            long next = System.nanoTime();
            while (!stop.get()) {
                byte[] payload = ("netfault-stream " + sent).getBytes(StandardCharsets.US_ASCII);
                try {
                    s.send(new DatagramPacket(payload, payload.length, host, port));
                    sent++;
                } catch (IOException e) {
                    errors++;
                }
                next += periodNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        }
        OUT.println("sent " + sent + " errors " + errors);
    }

    private static void udpClock(String[] args) throws Exception {
        need(args, 2);
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            waitForStdinEof();
            stop.set(true);
        }, "stdin");
        watcher.setDaemon(true);
        watcher.start();
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReceiveBufferSize(4 << 20);
            s.bind(new InetSocketAddress(InetAddress.getByName("::"), Integer.parseInt(args[1])));
            s.setSoTimeout(50);
            byte[] buf = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            OUT.println("ready");
            while (!stop.get()) {
                try {
                    s.receive(packet);
                    OUT.println("got " + System.currentTimeMillis());
                } catch (SocketTimeoutException e) {
                    // look at the stop flag again
                }
            }
        }
        OUT.println("done");
    }

    private static void udpSend(String[] args) throws Exception {
        need(args, 4);
        InetAddress host = literal(args[1]);
        int port = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        int sent = 0;
        int errors = 0;
        int eperm = 0;
        String firstError = null;
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                byte[] payload = ("netfault-test " + i).getBytes(StandardCharsets.US_ASCII);
                try {
                    s.send(new DatagramPacket(payload, payload.length, host, port));
                    sent++;
                } catch (IOException e) {
                    errors++;
                    String m = String.valueOf(e.getMessage());
                    if (e instanceof SocketException && m.contains("not permitted")) {
                        eperm++;
                    }
                    if (firstError == null) {
                        firstError = e.getClass().getSimpleName() + ": " + m;
                    }
                }
                if (i % 20 == 19) {
                    Thread.sleep(1);
                }
            }
        }
        OUT.println("sent " + sent + " errors " + errors + " eperm " + eperm);
        if (firstError != null) {
            OUT.println("first-error " + firstError);
        }
    }

    private static InetAddress literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("host: '" + text + "' (expected: an IP address literal)");
        }
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("host: '" + text + "' (expected: an IP address literal)", e);
        }
    }

    private static void waitForStdinEof() {
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // ignore input; EOF is the signal
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone: stop as on EOF
        }
    }

    private static void need(String[] args, int n) {
        if (args.length != n) {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: Traffic tcp-server PORT[,PORT...] | udp-sink PORT SECONDS"
                + " | tcp-connect HOST PORT TIMEOUT_MS COUNT | tcp-probe HOST PORT TIMEOUT_MS | udp-send HOST PORT COUNT");
        System.exit(2);
    }
}
