package dev.netfault.e2e.guest;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link UdpPeer} running in a namespace, driven line by line; {@link #close()} ends it.
 *
 * <pre>{@code
 * try (UdpPeerProcess b = UdpPeerProcess.start(pair.b(), 9000); UdpPeerProcess a = UdpPeerProcess.start(pair.a(), 9000)) {
 *     a.send(NetnsPair.B_IPV4, 9000, 3000, 1000);
 *     UdpPeerProcess.Report r = b.report(10);
 * }
 * }</pre>
 */
final class UdpPeerProcess implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(90); // a JVM start on the guest's emulated CPU

    private final String description;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private UdpPeerProcess(String description, Process process) {
        this.description = description;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("error " + e.getMessage());
            }
            lines.add("exited");
        }, "udp-peer-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    static UdpPeerProcess start(Netns ns, int port) throws InterruptedException {
        List<String> argv = ns.inside(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m", "-cp", classpath(),
                UdpPeer.class.getName(), Integer.toString(port));
        try {
            UdpPeerProcess p = new UdpPeerProcess("udp peer :" + port + " in " + ns.name(),
                    new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            try {
                p.await("ready", READY);
            } catch (RuntimeException | InterruptedException e) {
                p.close();
                throw e;
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start UdpPeer in " + ns.name(), e);
        }
    }

    /** Sends datagrams 0..count-1 to {@code host:port}, {@code gapMicros} apart; returns how many send() took. */
    int send(String host, int port, int count, long gapMicros) throws InterruptedException {
        String line = command("send " + host + " " + port + " " + count + " " + gapMicros, "sent ",
                Duration.ofSeconds(60 + count * gapMicros / 200_000));
        return Integer.parseInt(line.split(" ")[1]);
    }

    /** What arrived since the last report; {@code earlyMs} splits first copies by one-way delay. */
    Report report(double earlyMs) throws InterruptedException {
        return Report.parse(command("report " + earlyMs, "report ", Duration.ofSeconds(60)));
    }

    private String command(String line, String answer, Duration timeout) throws InterruptedException {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(description + ": cannot send '" + line + "'", e);
        }
        return await(answer, timeout);
    }

    private String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null || l.equals("exited") || l.startsWith("error")) {
                throw new IllegalStateException(description + ": no '" + prefix + "' line within " + timeout.toMillis()
                        + " ms" + (l == null ? "" : " (" + l + ")"));
            }
            if (l.startsWith(prefix)) {
                return l;
            }
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is killed below if it did not end
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String classpath() {
        try {
            return Path.of(UdpPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One {@code report} line of {@link UdpPeer}. */
    record Report(long received, long intact, long corrupt, long unique, long duplicates, long late, long early,
                  double owd50, double owd90, double owdMin) {
        static Report parse(String line) {
            String[] f = line.split(" ");
            return new Report(Long.parseLong(f[2]), Long.parseLong(f[4]), Long.parseLong(f[6]), Long.parseLong(f[8]),
                    Long.parseLong(f[10]), Long.parseLong(f[12]), Long.parseLong(f[14]), Double.parseDouble(f[16]),
                    Double.parseDouble(f[18]), Double.parseDouble(f[20]));
        }
    }
}
