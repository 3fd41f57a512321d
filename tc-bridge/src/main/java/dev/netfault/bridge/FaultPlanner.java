package dev.netfault.bridge;

import dev.netfault.bridge.bandwidth.BandwidthPlanner;
import dev.netfault.bridge.blackhole.BlackholePlanner;
import dev.netfault.bridge.impairment.ImpairmentPlanner;
import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.loss.LossPlanner;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.KindPlanner;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import java.util.List;
import java.util.stream.Collectors;

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

    /** Every kind's planner: the one place fault kinds are listed in tc-bridge. */
    public static final List<KindPlanner<?>> KINDS = List.of(
            new LatencyPlanner(),
            new LossPlanner(),
            new BlackholePlanner(),
            new ImpairmentPlanner(),
            new BandwidthPlanner());

    public Plan plan(FaultId id, FaultSpec spec, NamespaceFacts facts, PlanContext context) {
        for (KindPlanner<?> k : KINDS) {
            if (k.spec().isInstance(spec)) {
                return planAs(k, id, spec, facts, context);
            }
        }
        throw new IllegalArgumentException("spec: " + spec.getClass().getSimpleName() + " (expected: "
                + KINDS.stream().map(k -> k.spec().getSimpleName()).collect(Collectors.joining(", ")) + ")");
    }

    private static <S extends FaultSpec> Plan planAs(KindPlanner<S> k, FaultId id, FaultSpec spec, NamespaceFacts facts,
                                                     PlanContext context) {
        return k.plan(id, k.spec().cast(spec), facts, context);
    }
}
