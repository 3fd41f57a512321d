package dev.netfault.bridge.loss;

import java.util.Locale;

/** Independent random drops, or drops in bursts (a Gilbert-Elliott chain with the same long-run rate). */
public enum LossModel {
    RANDOM, BURST;

    public static LossModel parse(String text) {
        if (text == null || text.isBlank()) {
            return RANDOM;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "random": return RANDOM;
            case "burst": return BURST;
            default: throw new IllegalArgumentException("lossModel: '" + text + "' (expected: random or burst)");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
