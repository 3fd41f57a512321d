package dev.netfault.client;

import java.util.Locale;

/** A blackhole's transport protocol. */
public enum Protocol {
    TCP, UDP;

    /** The name the API uses: {@code tcp}, {@code udp}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
