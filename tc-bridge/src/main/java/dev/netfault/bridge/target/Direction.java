package dev.netfault.bridge.target;

import java.util.Locale;

/** Which way the impaired traffic flows, seen from the namespace netfault acts on. */
public enum Direction {
    EGRESS, INGRESS;

    /** Parses {@code egress} / {@code ingress}, case-insensitively. */
    public static Direction parse(String field, String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "egress": return EGRESS;
                case "ingress": return INGRESS;
                default: break;
            }
        }
        throw new IllegalArgumentException(field + ": '" + text + "' (expected: egress or ingress)");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
