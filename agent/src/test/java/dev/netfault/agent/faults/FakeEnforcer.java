package dev.netfault.agent.faults;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.FaultSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * An enforcer whose "kernel" is a set of owned object names ({@code chain:<id>}, {@code rule:<id>}): apply adds two,
 * revert removes them. Failures and blocking are scripted; every call but {@code health} and {@code mode} is recorded.
 */
final class FakeEnforcer implements Enforcer {

    final Set<String> kernel = new TreeSet<>();
    final List<String> calls = new ArrayList<>();
    /** When set, apply creates the chain and then fails, leaving the half-applied chain for the caller to remove. */
    volatile boolean failApplyHalfway;
    volatile int failReverts;
    /** When set, apply creates the chain and blocks until interrupted. */
    volatile CountDownLatch applyEntered;
    volatile Consumer<FaultId> onApply = id -> { };
    /** The mode this fake stands for; the journal records it with each entry. */
    volatile EnforcerMode mode = EnforcerMode.KERNEL;
    /** Faults whose lease the "kernel" let lapse: still there, no longer biting. */
    final Set<FaultId> lapsed = new java.util.HashSet<>();

    /** What each planned fault says it touches (nothing by default). */
    volatile java.util.function.Function<FaultSpec, Set<dev.netfault.bridge.plan.Touches>> touches = spec -> Set.of();

    @Override
    public synchronized AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt) {
        calls.add("prepare " + id);
        return new AppliedFault(id, spec.kind(), "fake", List.of("eth0"), touches.apply(spec),
                List.of(Command.of("fake", "add", id.value())),
                List.of(new Check("rule", Command.of("fake", "show", id.value()), List.of(id.value()))),
                List.of(Command.of("fake", "del", id.value())),
                Lease.held(List.of(Command.of("fake", "renew").withStdin(id.value() + "\n")),
                        List.of(new Check("lease", Command.of("fake", "lease", id.value()), List.of("expires")))));
    }

    /** When set, {@link #extend} adds in place; otherwise the interface's default (cannot) stands. */
    volatile boolean extendInPlace;

    @Override
    public synchronized AppliedFault extend(AppliedFault fault, FaultSpec widened, Instant expiresAt)
            throws InterruptedException {
        if (!extendInPlace) {
            return Enforcer.super.extend(fault, widened, expiresAt);
        }
        calls.add("extend " + fault.id());
        kernel.add("added:" + fault.id());
        return prepare(fault.id(), widened, expiresAt);
    }

    /** When set, apply waits for it to open (holding the lifecycle's lock), so that other starts queue behind it. */
    volatile CountDownLatch applyGate;
    /** The faults of each {@link #applyAll} call, in order. */
    final List<List<FaultId>> batches = new ArrayList<>();
    volatile Consumer<List<FaultId>> onApplyAll = ids -> { };
    /** Faults whose apply fails with a scripted error (nothing of them is left). */
    final Set<FaultId> failApply = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public Map<FaultId, RuntimeException> applyAll(List<AppliedFault> faults) throws InterruptedException {
        List<FaultId> ids = faults.stream().map(AppliedFault::id).toList();
        synchronized (this) {
            batches.add(ids);
        }
        onApplyAll.accept(ids);
        return Enforcer.super.applyAll(faults);
    }

    @Override
    public void apply(AppliedFault fault) throws InterruptedException {
        CountDownLatch gate = applyGate;
        if (gate != null) {
            gate.await();
        }
        if (failApply.contains(fault.id())) {
            throw new CommandFailedException(Command.of("fake", "add", fault.id().value()),
                    new CommandResult(1, "", "Error: scripted failure of " + fault.id()));
        }
        synchronized (this) {
            calls.add("apply " + fault.id());
            onApply.accept(fault.id());
            kernel.add("chain:" + fault.id());
        }
        CountDownLatch entered = applyEntered;
        if (entered != null) {
            entered.countDown();
            Thread.sleep(60_000);
        }
        synchronized (this) {
            if (failApplyHalfway) {
                throw new CommandFailedException(Command.of("fake", "add", fault.id().value()),
                        new CommandResult(2, "", "Error: scripted failure"));
            }
            kernel.add("rule:" + fault.id());
        }
    }

    @Override
    public synchronized Presence present(AppliedFault fault) {
        calls.add("present " + fault.id());
        boolean p = kernel.contains("chain:" + fault.id()) && kernel.contains("rule:" + fault.id())
                && !lapsed.contains(fault.id());
        return new Presence(p, p ? Map.of("packetsDropped", 7L) : Map.of());
    }

    /** The faults of each {@link #revertAll} call, in order. */
    final List<List<FaultId>> revertBatches = new ArrayList<>();
    /** When set, revert waits for it to open (holding the lifecycle's lock), so that other stops queue behind it. */
    volatile CountDownLatch revertGate;
    final java.util.concurrent.atomic.AtomicInteger revertWaiting = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Map<FaultId, RuntimeException> revertAll(List<AppliedFault> faults) throws InterruptedException {
        synchronized (this) {
            revertBatches.add(faults.stream().map(AppliedFault::id).toList());
        }
        return Enforcer.super.revertAll(faults);
    }

    synchronized List<List<FaultId>> revertBatches() {
        return List.copyOf(revertBatches);
    }

    @Override
    public void revert(AppliedFault fault) throws InterruptedException {
        CountDownLatch gate = revertGate;
        if (gate != null) {
            revertWaiting.incrementAndGet();
            gate.await();
        }
        revertNow(fault);
    }

    private synchronized void revertNow(AppliedFault fault) {
        calls.add("revert " + fault.id());
        if (failReverts > 0) {
            failReverts--;
            throw new CommandFailedException(Command.of("fake", "del", fault.id().value()),
                    new CommandResult(1, "", "Error: scripted revert failure"));
        }
        kernel.remove("chain:" + fault.id());
        kernel.remove("rule:" + fault.id());
    }

    @Override
    public synchronized Renewal renew(List<AppliedFault> live) {
        calls.add("renew " + live.stream().map(AppliedFault::id).toList());
        return new Renewal(live.size(), true, Map.of());
    }

    @Override
    public synchronized boolean leaseAlive(AppliedFault fault) {
        return !lapsed.contains(fault.id());
    }

    @Override
    public synchronized List<String> sweep(List<AppliedFault> live) {
        Set<String> keep = new TreeSet<>();
        live.forEach(a -> {
            keep.add("chain:" + a.id());
            keep.add("rule:" + a.id());
        });
        List<String> removed = kernel.stream().filter(o -> !keep.contains(o)).toList();
        kernel.removeAll(removed);
        calls.add("sweep " + removed);
        return removed;
    }

    @Override
    public Health health() {
        return new Health("kernel", "fake", Map.of(), Map.of("blackhole", "fake"));
    }

    @Override
    public EnforcerMode mode() {
        return mode;
    }

    synchronized List<List<FaultId>> batches() {
        return List.copyOf(batches);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
