package dev.netfault.bridge.target;

import java.util.Locale;

/** A transport protocol a blackhole, or a fault targeted by port, matches. */
public enum Protocol {
    TCP, UDP;

    public static Protocol parse(String field, String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "tcp": return TCP;
                case "udp": return UDP;
                default: break;
            }
        }
        throw new IllegalArgumentException(field + ": '" + text + "' (expected: tcp or udp)");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The IP protocol number (tcp 6, udp 17), as u32 and nft match it. */
    public int number() {
        return this == TCP ? 6 : 17;
    }
}
