package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.Touches;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs faults' plans in the kernel for the {@link KernelEnforcer}, alone or group-committed: an apply is verified (and
 * reverted when its checks fail), a revert is confirmed by reading the kernel back ({@link KernelEnforcer.Readback}).
 * Faults that {@link NftBatch} can join are applied, or deleted, in one {@code nft -f -} transaction; each fault still
 * gets its own answer and its own error.
 */
final class KernelCommit {

    private final PlanExecutor executor;
    private final KernelEnforcer.Readback readback;
    private final KernelEnforcer.Tidy tidy;

    KernelCommit(PlanExecutor executor, KernelEnforcer.Readback readback, KernelEnforcer.Tidy tidy) {
        this.executor = executor;
        this.readback = readback;
        this.tidy = tidy;
    }

    /** The plan the executor runs for {@code f}: its apply, verify and revert, nothing to plan again. */
    static Plan plan(AppliedFault f) {
        return new Plan(f.id(), f.kind(), f.mechanism(), f.interfaces(), f.touches(), f.apply(), f.verify(), f.revert(),
                List.of(), f.lease(), f.revertAfter());
    }

    void apply(AppliedFault fault) throws InterruptedException {
        Plan plan = plan(fault);
        executor.apply(plan);
        List<Check> missing = executor.verify(plan);
        if (!missing.isEmpty()) {
            executor.revert(plan);
            throw notInKernel(missing.get(0));
        }
    }

    /**
     * Group commit: the faults whose whole apply is one {@code nft -f -} script ({@link NftBatch}) are applied in one
     * transaction and then verified each (one that fails its checks is reverted alone); the others, and all of them when
     * the joint transaction fails (nft then applied none of it), are applied one by one with {@link #apply}, so each
     * fault gets its own answer and its own error.
     */
    Map<FaultId, RuntimeException> applyAll(List<AppliedFault> faults) throws InterruptedException {
        List<AppliedFault> joint = NftBatch.batch(faults);
        Set<FaultId> done = new HashSet<>();
        Map<FaultId, RuntimeException> failed = new LinkedHashMap<>();
        if (joint.size() > 1 && executor.runAll(List.of(NftBatch.join(joint))).isEmpty()) {
            for (AppliedFault f : joint) {
                done.add(f.id());
                Plan plan = plan(f);
                List<Check> missing = executor.verify(plan);
                if (!missing.isEmpty()) {
                    executor.revert(plan);
                    failed.put(f.id(), notInKernel(missing.get(0)));
                }
            }
        }
        for (AppliedFault f : faults) {
            if (done.contains(f.id())) {
                continue;
            }
            try {
                apply(f);
            } catch (RuntimeException e) {
                failed.put(f.id(), e);
            }
        }
        return failed;
    }

    private static CommandFailedException notInKernel(Check c) {
        return new CommandFailedException(c.command(), new CommandResult(1, "",
                "verify: " + c.what() + " is not in the kernel after apply (expected output containing " + c.expect() + ")"));
    }

    void revert(AppliedFault fault) throws InterruptedException {
        Plan plan = plan(fault);
        List<CommandFailedException> failures = executor.revert(plan);
        List<String> left = new ArrayList<>(readback.leftovers(fault));
        if (left.isEmpty()) {
            if (fault.touches(Touches.IPTABLES)) {
                tidy.afterRevert(); // iptables-nft may have created a filter table
            }
            return;
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        throw stillThere(fault, left);
    }

    /**
     * Group commit of stops: the faults whose whole revert is one {@code nft delete table} are removed in one
     * {@code nft -f -} transaction (when it fails, say because one table is gone already, each fault's revert runs
     * alone), the others by their revert commands; then one read-back confirms what is gone.
     */
    Map<FaultId, RuntimeException> revertAll(List<AppliedFault> faults) throws InterruptedException {
        List<AppliedFault> joint = faults.stream().filter(NftBatch::deletable).toList();
        Set<FaultId> ran = new HashSet<>();
        if (joint.size() > 1 && executor.runAll(List.of(NftBatch.delete(joint))).isEmpty()) {
            joint.forEach(f -> ran.add(f.id()));
        }
        Map<FaultId, List<CommandFailedException>> failures = new LinkedHashMap<>();
        for (AppliedFault f : faults) {
            if (!ran.contains(f.id())) {
                failures.put(f.id(), executor.revert(plan(f)));
            }
        }
        Map<FaultId, List<String>> left = readback.leftovers(faults);
        Map<FaultId, RuntimeException> failed = new LinkedHashMap<>();
        boolean tidyUp = false;
        for (AppliedFault f : faults) {
            List<String> l = left.getOrDefault(f.id(), List.of());
            List<CommandFailedException> e = failures.getOrDefault(f.id(), List.of());
            if (l.isEmpty()) {
                tidyUp |= f.touches(Touches.IPTABLES);
            } else {
                failed.put(f.id(), e.isEmpty() ? stillThere(f, l) : e.get(0));
            }
        }
        if (tidyUp) {
            tidy.afterRevert(); // iptables-nft may have created a filter table
        }
        return failed;
    }

    private static IllegalStateException stillThere(AppliedFault fault, List<String> left) {
        return new IllegalStateException("revert of fault " + fault.id() + ": still in the kernel after the revert "
                + "commands ran: " + String.join("; ", left));
    }
}
