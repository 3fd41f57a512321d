package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Plan;
import java.util.List;
import java.util.Map;

/**
 * The {@link KernelEnforcer.Readback} without a state reader: a fault's verify checks that still pass are its
 * leftovers, and it has no counters.
 */
record CheckReadback(PlanExecutor executor) implements KernelEnforcer.Readback {

    @Override
    public Map<String, Long> counters(AppliedFault fault) {
        return Map.of();
    }

    @Override
    public List<String> leftovers(AppliedFault fault) throws InterruptedException {
        Plan plan = KernelCommit.plan(fault);
        List<Check> failed = executor.verify(plan);
        return plan.verify().stream().filter(c -> !failed.contains(c)).map(Check::what).toList();
    }
}
