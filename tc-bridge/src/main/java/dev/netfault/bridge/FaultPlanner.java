package dev.netfault.bridge;

import dev.netfault.bridge.blackhole.BlackholePlanner;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossPlanner;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;

/**
 * Turns a fault spec into a plan for one namespace. A pure function of its inputs: it runs nothing.
 *
 * <p>{@code new FaultPlanner().plan(FaultId.random(), spec, facts, PlanContext.of(expiry, 51680, List.of()))}
 *
 * @throws IllegalArgumentException         when the spec does not fit the namespace (an unknown interface, say)
 * @throws dev.netfault.bridge.plan.UnsupportedFaultException when this kernel cannot enforce the fault
 * @throws dev.netfault.bridge.plan.ForeignQdiscException     when it would have to replace a qdisc netfault does not own
 */
public final class FaultPlanner {

    private final LatencyPlanner latency = new LatencyPlanner();
    private final LossPlanner loss = new LossPlanner();
    private final BlackholePlanner blackhole = new BlackholePlanner();

    public Plan plan(FaultId id, FaultSpec spec, NamespaceFacts facts, PlanContext context) {
        if (spec instanceof LatencySpec l) {
            return latency.plan(id, l, facts, context);
        }
        if (spec instanceof LossSpec l) {
            return loss.plan(id, l, facts, context);
        }
        if (spec instanceof BlackholeSpec b) {
            return blackhole.plan(id, b, facts, context);
        }
        throw new IllegalArgumentException("spec: " + spec.getClass().getSimpleName() + " (expected: latency, loss or blackhole)");
    }
}
