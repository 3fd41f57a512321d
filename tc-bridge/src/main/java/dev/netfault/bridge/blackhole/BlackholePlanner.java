package dev.netfault.bridge.blackhole;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;

/** Plans a blackhole fault. (Being written: see issue #2.) */
public final class BlackholePlanner {

    public Plan plan(FaultId id, BlackholeSpec spec, NamespaceFacts facts, PlanContext context) {
        throw new UnsupportedOperationException("blackhole planning is not written yet");
    }
}
