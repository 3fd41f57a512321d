package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.sweep.SweepResult;
import dev.netfault.bridge.sweep.Sweeper;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reconcile sweep through the kernel package's {@link Sweeper}: every netfault object not owned by a live fault
 * goes; id-less tc objects stay only while a live fault builds netfault's tc tree ({@link Touches#TC_TREE}).
 *
 * <p>Objects it meant to remove that are still there make it throw {@link IllegalStateException}; the reconciler
 * logs that and serves anyway.
 */
public final class KernelSweep implements KernelEnforcer.Sweep {

    private final Sweeper sweeper;

    public KernelSweep(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public List<String> sweep(List<AppliedFault> live) throws InterruptedException {
        Set<FaultId> keep = live.stream().map(AppliedFault::id).collect(Collectors.toSet());
        boolean keepTc = live.stream().anyMatch(a -> a.touches(Touches.TC_TREE));
        SweepResult r = sweeper.sweep(keep::contains, keepTc);
        if (!r.complete()) {
            throw new IllegalStateException("sweep left " + r.left().size() + " netfault objects: "
                    + r.left().stream().map(KernelObject::toString).collect(Collectors.joining("; "))
                    + (r.errors().isEmpty() ? "" : " (" + String.join("; ", r.errors()) + ")"));
        }
        return r.removed().stream().map(KernelObject::toString).toList();
    }
}
