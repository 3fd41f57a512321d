package dev.netfault.client;

import java.util.Locale;

/** Which way a fault acts: {@code egress} (destinations, the default) or {@code ingress} (origins). */
public enum TrafficType {
    EGRESS, INGRESS;

    /** The name the API uses: {@code egress}, {@code ingress}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
