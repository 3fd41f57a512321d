package dev.netfault.agent.kinds;

import dev.netfault.bridge.plan.FaultSpec;
import java.util.Objects;

/**
 * One spec that health asks the planner about, under its label ({@code loss-burst}), and platform mode's verdict on
 * it: empty when the ECS agent's endpoints enforce it, else the reason they cannot
 * ({@code not supported in platform mode (the ECS agent's endpoints have no burst loss)}).
 */
public record HealthSample(String label, FaultSpec spec, String platformRefusal) {

    public HealthSample {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(platformRefusal, "platformRefusal");
    }

    /** A sample platform mode enforces. */
    public static HealthSample of(String label, FaultSpec spec) {
        return new HealthSample(label, spec, "");
    }

    /** A sample the ECS agent's endpoints have no {@code missing} for. */
    public static HealthSample platformLacks(String label, FaultSpec spec, String missing) {
        return new HealthSample(label, spec, "not supported in platform mode (the ECS agent's endpoints have no " + missing + ")");
    }
}
