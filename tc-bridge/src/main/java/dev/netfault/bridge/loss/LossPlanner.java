package dev.netfault.bridge.loss;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;

/** Plans a loss fault. (Being written: see issue #2.) */
public final class LossPlanner {

    public Plan plan(FaultId id, LossSpec spec, NamespaceFacts facts, PlanContext context) {
        throw new UnsupportedOperationException("loss planning is not written yet");
    }
}
