package dev.netfault.bridge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Traffic} process that keeps running in its namespace (a TCP server, a UDP sink) until its standard input is
 * closed. {@link #close()} ends it: stdin closed first, killed if it does not exit.
 */
public class TrafficProcess implements AutoCloseable {

    private static final String EOF = "\u0000eof";

    private final String description;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> stderr = new ArrayList<>();

    TrafficProcess(String description, Process process) {
        this.description = description;
        this.process = process;
        Thread out = new Thread(() -> pump(), "traffic-out-" + process.pid());
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> pumpErr(), "traffic-err-" + process.pid());
        err.setDaemon(true);
        err.start();
    }

    /** Waits for the first output line starting with {@code prefix}; throws if the process ends or the time passes. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(description + ": no '" + prefix + "' line within " + timeout.toMillis()
                        + " ms; stderr: " + stderr());
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new IllegalStateException(description + ": exited before printing '" + prefix + "'; stderr: " + stderr());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Every output line printed so far and not yet taken (end of output excluded). */
    protected List<String> drainLines() {
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        if (out.remove(EOF)) {
            lines.add(EOF);
        }
        return out;
    }

    /** Writes one line to the process's standard input. */
    protected void sendLine(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(description + ": cannot write to it (exited?)", e);
        }
    }

    /** Closes standard input: the process's signal to report and stop. */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Stops the process: stdin closed, then killed after 3 s. An interrupt kills it at once (the flag is kept). */
    @Override
    public void close() {
        closeInput();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process was killed
        } finally {
            lines.add(EOF);
        }
    }

    private void pumpErr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderr) {
                    stderr.add(line);
                }
            }
        } catch (IOException e) {
            // the process was killed
        }
    }

    private String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    @Override
    public String toString() {
        return description + " (pid " + process.pid() + ")";
    }
}
