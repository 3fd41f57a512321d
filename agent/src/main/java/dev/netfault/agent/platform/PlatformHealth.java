package dev.netfault.agent.platform;

import dev.netfault.agent.faults.Health;
import java.util.LinkedHashMap;
import java.util.Map;

/** What platform mode can do: the ECS agent's three egress faults, and why the extensions are refused. */
public final class PlatformHealth {

    private PlatformHealth() {
    }

    public static Health of(String modeReason) {
        Map<String, String> unsupported = new LinkedHashMap<>();
        Map<String, String> mechanisms = new LinkedHashMap<>();
        for (String kind : new String[] {"latency", "loss", "blackhole", "blackhole-ingress"}) {
            unsupported.put(kind, "");
            mechanisms.put(kind, PlatformEnforcer.MECHANISM);
        }
        unsupported.put("latency-ingress", "not supported in platform mode (the ECS agent's endpoints have no ingress latency)");
        unsupported.put("loss-ingress", "not supported in platform mode (the ECS agent's endpoints have no ingress packet loss)");
        unsupported.put("loss-burst", "not supported in platform mode (the ECS agent's endpoints have no burst loss)");
        return new Health(ModeDecision.PLATFORM, modeReason, unsupported, mechanisms);
    }
}
