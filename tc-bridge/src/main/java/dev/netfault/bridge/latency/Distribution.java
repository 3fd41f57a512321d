package dev.netfault.bridge.latency;

import java.util.Locale;

/** netem's delay distributions (tables shipped with iproute2). NONE is netem's uniform default. */
public enum Distribution {
    NONE, UNIFORM, NORMAL, PARETO, PARETONORMAL;

    public static Distribution parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "uniform": return UNIFORM;
            case "normal": return NORMAL;
            case "pareto": return PARETO;
            case "paretonormal": return PARETONORMAL;
            default:
                throw new IllegalArgumentException("distribution: '" + text
                        + "' (expected: normal, pareto, paretonormal or uniform)");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
