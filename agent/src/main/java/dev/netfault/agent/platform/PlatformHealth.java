package dev.netfault.agent.platform;

import dev.netfault.agent.faults.Health;
import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.HealthSample;
import dev.netfault.agent.kinds.Kinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What platform mode can do: each kind's health samples the ECS agent's endpoints enforce, and why the others are refused. */
public final class PlatformHealth {

    private PlatformHealth() {
    }

    public static Health of(String modeReason) {
        Map<String, String> unsupported = new LinkedHashMap<>();
        Map<String, String> mechanisms = new LinkedHashMap<>();
        List<HealthSample> samples = new ArrayList<>();
        for (FaultKind<?> k : Kinds.ALL) {
            k.healthSamples().forEach(s -> samples.add(k.onPlatform() ? s : new HealthSample(s.label(), s.spec(),
                    "not supported in platform mode (the ECS agent's endpoints have no " + k.name() + " fault)")));
        }
        // the supported kinds first, then the refused ones
        for (HealthSample s : samples) {
            if (s.platformRefusal().isEmpty()) {
                unsupported.put(s.label(), "");
                mechanisms.put(s.label(), PlatformEnforcer.MECHANISM);
            }
        }
        for (HealthSample s : samples) {
            if (!s.platformRefusal().isEmpty()) {
                unsupported.put(s.label(), s.platformRefusal());
            }
        }
        return new Health(ModeDecision.PLATFORM, modeReason, unsupported, mechanisms);
    }
}
