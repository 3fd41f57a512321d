package dev.netfault.agent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The demo's client: a few workers each opening a new TCP connection per HTTP request (so connection setup feels every
 * fault), with one deadline for the whole request; prints one summary line per second until the process is stopped.
 */
public final class DemoLoad {

    private static final byte[] REQUEST = "GET / HTTP/1.0\r\nHost: demo\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress target;
    private final int workers;
    private final Duration timeout;
    private final LoadStats stats = new LoadStats();

    public DemoLoad(InetSocketAddress target, int workers, Duration timeout) {
        this.target = target;
        this.workers = workers;
        this.timeout = timeout;
    }

    /** Runs until interrupted, printing a line per second to {@code out}. */
    public void run(PrintStream out) throws InterruptedException {
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "load-" + i);
            t.setDaemon(true);
            t.start();
        }
        long last = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(1000);
            long now = System.nanoTime();
            out.println(stats.roll((now - last) / 1e9));
            out.flush();
            last = now;
        }
    }

    private void work() {
        while (true) {
            long start = System.nanoTime();
            if (once()) {
                stats.ok((System.nanoTime() - start) / 1000);
            } else {
                stats.error();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean once() {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket s = new Socket()) {
            s.connect(target, (int) timeout.toMillis());
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            OutputStream os = s.getOutputStream();
            os.write(REQUEST);
            os.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            in.readAllBytes();
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.0 200");
        } catch (IOException e) {
            return false;
        }
    }
}
