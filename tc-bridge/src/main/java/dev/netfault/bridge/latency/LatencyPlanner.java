package dev.netfault.bridge.latency;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;

/** Plans a latency fault. (Being written: see issue #2.) */
public final class LatencyPlanner {

    public Plan plan(FaultId id, LatencySpec spec, NamespaceFacts facts, PlanContext context) {
        throw new UnsupportedOperationException("latency planning is not written yet");
    }
}
