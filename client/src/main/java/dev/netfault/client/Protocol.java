package dev.netfault.client;

import java.util.Locale;

/** A transport protocol: a blackhole's, or the one a latency or loss fault targeted by port matches. */
public enum Protocol {
    TCP, UDP;

    /** The name the API uses: {@code tcp}, {@code udp}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
