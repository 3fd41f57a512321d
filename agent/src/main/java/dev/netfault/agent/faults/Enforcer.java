package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The narrow seam between the fault lifecycle and whatever enforces faults: the kernel through tc / nftables /
 * iptables ({@code dev.netfault.agent.kernel}), or the platform's fault endpoints ({@code dev.netfault.agent.platform},
 * {@code serve --mode platform}). The lifecycle calls it with its lock held, one call at a time, except the reads
 * {@link #isPresent} and {@link #present} (the status and list routes) and {@link #renew}, which may run beside
 * another call.
 *
 * <p>Two-phase start: {@link #prepare} decides how the fault will be enforced without changing anything, so the journal
 * can record the revert data before {@link #apply} touches the kernel.
 */
public interface Enforcer {

    /**
     * Plans the fault for this namespace; changes nothing.
     *
     * @throws IllegalArgumentException when the spec does not fit the namespace
     * @throws dev.netfault.bridge.plan.UnsupportedFaultException when this kernel cannot enforce it
     * @throws dev.netfault.bridge.plan.ForeignQdiscException when it would replace a qdisc netfault does not own
     */
    AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt) throws InterruptedException;

    /** Plans faults one after the other against one reading of the namespace; changes nothing. */
    @FunctionalInterface
    interface Planning {
        /** As {@link Enforcer#prepare}. */
        AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt) throws InterruptedException;
    }

    /**
     * Planning for one group of starts committed together: the namespace may be read once for all of them, which holds
     * because a group ends at its first plan that changes tc objects (nothing else a plan reads). By default each
     * {@link #prepare} reads it anew.
     */
    default Planning planning() {
        return this::prepare;
    }

    /**
     * Turns the running {@code fault} into {@code widened} (the same fault with more sources or exemptions) by adding
     * to what is in place, never removing it first, and returns the fault as it is then enforced. By default it
     * cannot ({@link dev.netfault.bridge.plan.UnsupportedFaultException}); the caller then restarts the fault.
     */
    default AppliedFault extend(AppliedFault fault, FaultSpec widened, Instant expiresAt) throws InterruptedException {
        throw new dev.netfault.bridge.plan.UnsupportedFaultException(fault.mechanism() + ": cannot add sources in place");
    }

    /**
     * Applies the prepared fault and verifies it is in place. On failure nothing of it is left and the error names the
     * failing command ({@link dev.netfault.bridge.exec.CommandFailedException}).
     */
    void apply(AppliedFault fault) throws InterruptedException;

    /**
     * Applies faults that were queued together behind the lock (group commit), each prepared and journalled already;
     * returns the failure of each fault that is not in place (absent: applied and verified). Of a failed fault nothing
     * is left, as after {@link #apply}. By default one {@link #apply} after the other; an enforcer that can apply several
     * in one kernel transaction does, and on its failure falls back to one by one, so each fault gets its own answer.
     */
    default Map<FaultId, RuntimeException> applyAll(List<AppliedFault> faults) throws InterruptedException {
        Map<FaultId, RuntimeException> failed = new LinkedHashMap<>();
        for (AppliedFault f : faults) {
            try {
                apply(f);
            } catch (RuntimeException e) {
                failed.put(f.id(), e);
            }
        }
        return failed;
    }

    /** Reads the fault's objects back now (never from memory), with their counters. */
    Presence present(AppliedFault fault) throws InterruptedException;

    /**
     * Whether the fault is fully in place and biting now (its lease included); the status route's cheaper question,
     * asked without the lifecycle's lock: it only reads.
     */
    default boolean isPresent(AppliedFault fault) throws InterruptedException {
        return present(fault).present();
    }

    /**
     * Removes the fault's objects, tolerating ones already gone, and confirms they are gone.
     *
     * @throws dev.netfault.bridge.exec.CommandFailedException when an object is still there afterwards
     */
    void revert(AppliedFault fault) throws InterruptedException;

    /**
     * Reverts faults whose stops were queued together (group commit), each as {@link #revert} would; returns the
     * failure of each fault whose objects may still be there (absent: confirmed gone). By default one after the other.
     */
    default Map<FaultId, RuntimeException> revertAll(List<AppliedFault> faults) throws InterruptedException {
        Map<FaultId, RuntimeException> failed = new LinkedHashMap<>();
        for (AppliedFault f : faults) {
            try {
                revert(f);
            } catch (RuntimeException e) {
                failed.put(f.id(), e);
            }
        }
        return failed;
    }

    /**
     * Renews the leases of the {@code live} faults together, one process per tool; a failed transaction is retried
     * fault by fault. Unlike the other calls it runs without the lifecycle's lock (a renewal must not wait behind a slow
     * revert): a fault reverted meanwhile fails its renewal harmlessly, since renewing never creates an object.
     */
    default Renewal renew(List<AppliedFault> live) throws InterruptedException {
        return Renewal.NOTHING;
    }

    /** False when the fault's lease lapsed in the kernel (no agent renewed it): its rules no longer bite. */
    default boolean leaseAlive(AppliedFault fault) throws InterruptedException {
        return true;
    }

    /** Removes every netfault-marked object that none of the {@code live} faults owns; returns what it removed. */
    List<String> sweep(List<AppliedFault> live) throws InterruptedException;

    Health health();

    /** Which mode this is; the journal records it with every entry this enforcer applies. */
    EnforcerMode mode();
}
