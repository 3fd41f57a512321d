package dev.netfault.bridge.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A running {@code Traffic udp-clock}: the wall-clock arrival time of every datagram, so a test can count what got
 * through in a window and find when traffic flowed again.
 */
public final class UdpClock extends TrafficProcess {

    private final List<Long> arrivals = new ArrayList<>();

    UdpClock(String description, Process process) {
        super(description, process);
    }

    /** Arrival times (epoch millis) of every datagram received so far. */
    public synchronized List<Long> arrivals() {
        for (String line : drainLines()) {
            if (line.startsWith("got ")) {
                arrivals.add(Long.parseLong(line.substring(4).trim()));
            }
        }
        return List.copyOf(arrivals);
    }

    /** Datagrams that arrived in {@code [fromMillis, toMillis)}. */
    public long between(long fromMillis, long toMillis) {
        return arrivals().stream().filter(t -> t >= fromMillis && t < toMillis).count();
    }

    /** The first arrival at or after {@code millis}, or -1. */
    public long firstAtOrAfter(long millis) {
        return arrivals().stream().filter(t -> t >= millis).findFirst().orElse(-1L);
    }
}
