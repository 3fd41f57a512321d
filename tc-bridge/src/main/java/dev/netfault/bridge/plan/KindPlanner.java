package dev.netfault.bridge.plan;

/**
 * The planner of one fault kind: a pure function from its spec and the namespace's facts to a plan. Each kind's folder
 * has one; {@link dev.netfault.bridge.FaultPlanner} lists them.
 *
 * @param <S> the kind's spec record
 */
public interface KindPlanner<S extends FaultSpec> {

    /** The spec record this planner plans. */
    Class<S> spec();

    Plan plan(FaultId id, S spec, NamespaceFacts facts, PlanContext context);
}
