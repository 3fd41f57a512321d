package dev.netfault.bridge.testing;

import java.time.Duration;

/** A running {@code Traffic udp-sink}: counts datagrams until {@link #received()} asks for the total. */
public final class UdpSink extends TrafficProcess {

    UdpSink(String description, Process process) {
        super(description, process);
    }

    /**
     * Lets datagrams in flight arrive (a short grace period), stops the sink and returns how many it received.
     */
    public long received() throws InterruptedException {
        Thread.sleep(300);
        closeInput();
        String line = awaitLine("received ", Duration.ofSeconds(10));
        return Long.parseLong(line.substring("received ".length()).trim());
    }
}
