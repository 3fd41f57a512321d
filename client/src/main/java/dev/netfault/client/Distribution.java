package dev.netfault.client;

import java.util.Locale;

/** netem's shapes for a latency fault's jitter; every one needs a non-zero jitter. */
public enum Distribution {
    UNIFORM, NORMAL, PARETO, PARETONORMAL;

    /** The name the API uses: {@code normal}, {@code pareto}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
