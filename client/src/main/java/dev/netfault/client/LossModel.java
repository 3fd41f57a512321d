package dev.netfault.client;

import java.util.Locale;

/** How packet loss is spread: independent drops ({@code random}, the default) or runs of drops ({@code burst}). */
public enum LossModel {
    RANDOM, BURST;

    /** The name the API uses: {@code random}, {@code burst}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
