package dev.netfault.bridge.testing;

import java.time.Duration;

/** A running {@code Traffic tcp-probe}: a warm client that makes one TCP connect per {@link #connect()}. */
public final class TcpProbe extends TrafficProcess {

    private final int timeoutMs;

    TcpProbe(String description, int timeoutMs, Process process) {
        super(description, process);
        this.timeoutMs = timeoutMs;
    }

    /** One connect attempt, as the client saw it ({@code ok}, {@code timeout}, {@code refused}, {@code error}). */
    public ConnectStats.Attempt connect() throws InterruptedException {
        sendLine("connect");
        String[] f = awaitLine("connect ", Duration.ofMillis(timeoutMs + 10_000L)).trim().split(" ");
        return new ConnectStats.Attempt(f[1], Double.parseDouble(f[2]));
    }
}
