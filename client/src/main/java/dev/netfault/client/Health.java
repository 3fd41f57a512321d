package dev.netfault.client;

import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /healthz}: the agent serves, in which mode, and which fault kinds this kernel can make.
 *
 * <pre>{@code
 * Health h = client.health();
 * if (!h.supports("latency")) System.out.println("no latency here: " + h.reason("latency").orElse(""));
 * }</pre>
 *
 * @param status     {@code serving}, or {@code starting} while the agent's capability probe runs (then no kind is
 *                   known yet; fault requests wait for the probe)
 * @param mode       {@code kernel} or {@code platform}
 * @param modeReason why that mode was chosen
 * @param faults     by kind ({@code latency}, {@code loss}, {@code blackhole}, ...): supported or the reason not
 */
public record Health(String status, String mode, String modeReason, Map<String, Support> faults) {

    public Health {
        faults = Map.copyOf(faults);
    }

    /** True when the agent reports {@code kind} as supported. */
    public boolean supports(String kind) {
        Support s = faults.get(kind);
        return s != null && s.supported();
    }

    /** The agent's reason why {@code kind} is not supported, if it gave one. */
    public Optional<String> reason(String kind) {
        Support s = faults.get(kind);
        return s == null || s.supported() ? Optional.empty() : Optional.of(s.reason());
    }

    /**
     * One fault kind on this kernel.
     *
     * @param supported whether the agent can make it
     * @param mechanism how, when supported
     * @param reason    why not, when not
     */
    public record Support(boolean supported, String mechanism, String reason) {
    }
}
