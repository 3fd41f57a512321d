package dev.netfault.agent.faults;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.plan.PlanContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.netfault.bridge.plan.Touches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault lifecycle of one network namespace: one fair lock serialises every change; one latency-or-loss fault at a
 * time and any number of blackholes; each fault is journalled before it is applied and expires on a schedule; reverts
 * run with their own timeout even when the calling thread is interrupted. Starts and stops that queue behind the lock
 * are committed by its next holder as a group (one journal fsync, one kernel transaction where the enforcer can), each
 * with its own answer; status and list read the kernel without the lock.
 *
 * <p>{@code FaultManager m = Lifecycle.open(enforcer, new Journal(stateDir), MaxDuration.VALUE); ... m.close();}
 */
public final class FaultManager implements FaultService, AutoCloseable {

    public static final Duration REVERT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(8);
    static final Duration EXPIRY_RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(FaultManager.class);

    private final Enforcer enforcer;
    private final Journal journal;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration maxDuration;
    private final Duration revertTimeout;
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Written with the lock held; read without it by {@link #running} (the status route). */
    private final Map<FaultKey, Slot> active = Collections.synchronizedMap(new LinkedHashMap<>());
    private final StartQueue starts = new StartQueue();
    private final StopQueue stops = new StopQueue();
    private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
    private final Detached detached = new Detached();
    private final Events events = new Events(listeners);
    private final LeaseKeeper leases;
    private volatile ScheduledExecutorService renewals;
    private boolean closed;

    private record Slot(JournalEntry entry, ScheduledFuture<?> expiry) {
        ActiveFault fault() {
            return entry.toActive();
        }
    }

    public FaultManager(Enforcer enforcer, Journal journal, ScheduledExecutorService scheduler, Clock clock,
                        Duration maxDuration, Duration revertTimeout) {
        this(enforcer, journal, scheduler, clock, maxDuration, revertTimeout, PlanContext.DEFAULT_LEASE);
    }

    /** @param lease how long a fault bites after its last renewal; renewals run once {@link #startRenewals} is called */
    public FaultManager(Enforcer enforcer, Journal journal, ScheduledExecutorService scheduler, Clock clock,
                        Duration maxDuration, Duration revertTimeout, Duration lease) {
        this.leases = new LeaseKeeper(enforcer, lease, clock, events,
                ids -> ids.forEach(id -> scheduler.execute(() -> lapse(id))));
        this.enforcer = enforcer;
        this.journal = journal;
        this.scheduler = scheduler;
        this.clock = clock;
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(MaxDuration.VALUE) > 0) {
            throw new IllegalArgumentException("maxDuration: " + maxDuration.toSeconds() + "s (expected: 1-"
                    + MaxDuration.SECONDS + " s)");
        }
        this.maxDuration = maxDuration;
        this.revertTimeout = revertTimeout;
    }

    public void addListener(FaultListener listener) {
        listeners.add(listener);
    }

    /**
     * Runs the {@link Reconciler} and re-adopts the live faults it leaves, renewing their leases at once; call once,
     * before serving. A fault whose lease lapsed while no agent ran is dropped, not resumed (see {@link Reconciler}).
     */
    public Reconciler.Report reconcile() throws InterruptedException {
        lock.lockInterruptibly();
        Reconciler.Report report;
        try {
            report = new Reconciler(enforcer, journal, clock, events).reconcile();
            report.adopted().forEach(this::register);
        } finally {
            lock.unlock();
        }
        leases.renewNow();
        return report;
    }

    /** Renews every live fault's lease on {@code scheduler} (its own thread) every lease/3 until {@link #close}. */
    public void startRenewals(ScheduledExecutorService scheduler) {
        this.renewals = scheduler;
        leases.start(scheduler);
    }

    /** Renews every live fault's lease now (the renewal loop's step). */
    public Renewal renewLeases() throws InterruptedException {
        return leases.renewNow();
    }

    public Duration lease() {
        return leases.lease();
    }

    /**
     * Queues the start and waits for the lock; whoever holds it next commits every start queued by then together
     * ({@link #commitQueued}): one journal fsync of the directory for the group, written before the kernel is touched,
     * and one kernel transaction where the enforcer can ({@link Enforcer#applyAll}). Each start gets its own answer.
     */
    @Override
    public ActiveFault start(FaultSpec spec, Optional<Duration> duration) throws InterruptedException {
        Duration d = duration.map(x -> Admission.duration(x, maxDuration)).orElse(maxDuration);
        StartQueue.Pending p = new StartQueue.Pending(spec, d);
        if (lock.isHeldByCurrentThread()) { // a restart inside another change (add-sources): this start alone, first
            commitRound(List.of(p), new ArrayList<>());
            return p.result();
        }
        starts.add(p);
        boolean interrupted = false;
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            if (starts.withdraw(p)) {
                throw e;
            }
            interrupted = true; // taken into a group already: its outcome stands, the interrupt is kept for later
            lock.lock();
        }
        try {
            if (!p.done() && !commitQueued() && starts.withdraw(p)) {
                throw new InterruptedException("start of " + p.key + " cancelled");
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return p.result();
    }

    /** How many starts wait for the lock now (tests). */
    int queuedStarts() {
        return starts.size();
    }

    /** How many stops wait for the lock now (tests). */
    int queuedStops() {
        return stops.size();
    }

    /**
     * Lock held. Commits every queued start, round by round ({@link StartQueue#round}); false when this thread was
     * interrupted: what was left is queued again, for its callers (still waiting for the lock) to commit.
     */
    private boolean commitQueued() {
        List<StartQueue.Pending> todo = starts.takeAll();
        while (!todo.isEmpty()) {
            List<StartQueue.Pending> later = new ArrayList<>();
            List<StartQueue.Pending> round = StartQueue.round(todo, later);
            try {
                commitRound(round, later);
            } catch (InterruptedException e) {
                later.forEach(starts::add);
                return false;
            }
            todo = later;
        }
        return true;
    }

    /** A start admitted into a round: planned, journalled with its revert data, not yet applied. */
    private record Admitted(StartQueue.Pending pending, JournalEntry entry) {
        AppliedFault applied() {
            return entry.applied();
        }
    }

    /**
     * Lock held. Admits each start of {@code round} in order (closed, idempotent blackhole, 409, plan), then journals
     * the admitted ones and applies them together. A plan that changes tc objects ends the group: a later plan must read
     * the namespace after it is applied, so the starts after it go to {@code later}.
     */
    private void commitRound(List<StartQueue.Pending> round, List<StartQueue.Pending> later) throws InterruptedException {
        List<Admitted> group = new ArrayList<>();
        List<FaultId> ids = new ArrayList<>(active.values().stream().map(x -> x.entry().applied().id()).toList());
        Enforcer.Planning planning = enforcer.planning(); // one reading of the namespace for the group
        for (int i = 0; i < round.size(); i++) {
            StartQueue.Pending p = round.get(i);
            if (!group.isEmpty() && group.get(group.size() - 1).applied().touches(Touches.TC)) {
                later.addAll(0, round.subList(i, round.size()));
                break;
            }
            Admitted a;
            try {
                a = admit(p, ids, planning);
            } catch (InterruptedException e) { // only planned so far: nothing to undo; plan them again later
                group.forEach(x -> later.add(x.pending()));
                later.addAll(round.subList(i, round.size()));
                throw e;
            }
            if (a != null) {
                group.add(a);
                ids.add(a.applied().id());
            }
        }
        if (group.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            journal.writeAll(group.stream().map(Admitted::entry).toList());
        } catch (RuntimeException e) {
            boolean interrupted = Thread.interrupted(); // an interrupted journal fsync (ClosedByInterruptException)
            for (Admitted a : group) {
                rollback(a.entry(), a.applied());
                if (interrupted) {
                    a.pending().fail(new InterruptedException("start of " + a.pending().key + " cancelled"));
                } else {
                    events.failed(a.pending().key, "apply", e);
                    a.pending().fail(e);
                }
            }
            if (interrupted) {
                throw new InterruptedException("starts cancelled");
            }
            return;
        }
        Map<FaultId, RuntimeException> failed;
        try {
            failed = enforcer.applyAll(group.stream().map(Admitted::applied).toList());
        } catch (InterruptedException e) {
            for (Admitted a : group) {
                rollback(a.entry(), a.applied());
                a.pending().fail(e);
            }
            throw e;
        } catch (RuntimeException e) { // which of them ran is unknown: undo each (a revert tolerates what is absent)
            for (Admitted a : group) {
                rollback(a.entry(), a.applied());
                events.failed(a.pending().key, "apply", e);
                a.pending().fail(e);
            }
            return;
        }
        Duration applyTime = Duration.ofNanos((System.nanoTime() - t0) / group.size()); // the lock's time per fault
        for (Admitted a : group) {
            RuntimeException e = failed.get(a.applied().id());
            if (e == null) {
                e = activate(a, applyTime);
            }
            if (e != null) {
                // Undo only the steps before the failing one, as the executor did: the full revert could remove an
                // object netfault never created, such as the application's ingress qdisc that made it fail.
                AppliedFault ran = a.applied();
                if (e instanceof CommandFailedException c && failed.containsKey(ran.id())) {
                    int step = ran.apply().indexOf(c.command());
                    ran = step < 0 ? ran : ran.before(step);
                }
                rollback(a.entry(), ran);
                events.failed(a.pending().key, "apply", e);
                a.pending().fail(e);
            }
        }
    }

    /** Lock held. Records the applied fault as active and tracks it; null, or why that failed (then nothing is tracked). */
    private RuntimeException activate(Admitted a, Duration applyTime) {
        JournalEntry entry = a.entry().withPhase(JournalEntry.Phase.ACTIVE);
        try {
            journal.update(entry);
        } catch (RuntimeException e) {
            return e;
        }
        Slot slot = register(entry);
        events.started(slot.fault(), a.applied().applyLines(), applyTime);
        a.pending().succeed(slot.fault());
        return null;
    }

    /**
     * Lock held. The start's journal entry, not yet written; null when the start is answered already: the running
     * blackhole of the same key (idempotent), or its refusal. An interrupt leaves it unanswered, for a later round.
     */
    private Admitted admit(StartQueue.Pending p, List<FaultId> ids, Enforcer.Planning planning)
            throws InterruptedException {
        FaultKey key = p.key;
        try {
            if (closed) {
                throw new IllegalStateException("the agent is shutting down");
            }
            Slot running = active.get(key);
            if (running != null && key.blackhole() != null) {
                p.succeed(running.fault());
                return null;
            }
            Admission.refuseConflict(key, active.keySet());
            Instant now = clock.instant();
            AppliedFault applied;
            try {
                applied = planning.prepare(Admission.newId(ids, journal), p.spec, now.plus(p.duration));
            } catch (RuntimeException e) {
                events.failed(key, "apply", e);
                throw e;
            }
            return new Admitted(p, new JournalEntry(key, p.spec, now, now.plus(p.duration), JournalEntry.Phase.APPLYING,
                    enforcer.mode(), applied));
        } catch (RuntimeException e) {
            p.fail(e);
            return null;
        }
    }

    /**
     * Queues the stop and waits for the lock; whoever holds it next reverts every stop queued by then together
     * ({@link Enforcer#revertAll}: one kernel transaction and one read-back where the enforcer can).
     */
    @Override
    public boolean stop(FaultKey key) throws InterruptedException {
        StopQueue.Pending p = new StopQueue.Pending(key);
        stops.add(p);
        lock.lock(); // not interruptibly: a stop asked for by a caller that is being cancelled still happens
        try {
            if (!p.done()) {
                stopQueued();
            }
        } finally {
            lock.unlock();
        }
        return p.result();
    }

    /** Lock held. Reverts the faults of every queued stop together; a second stop of one key finds it stopped. */
    private void stopQueued() {
        Map<FaultKey, List<StopQueue.Pending>> byKey = new LinkedHashMap<>();
        for (StopQueue.Pending p : stops.takeAll()) {
            byKey.computeIfAbsent(p.key, k -> new ArrayList<>()).add(p);
        }
        List<Slot> slots = new ArrayList<>();
        byKey.forEach((k, ps) -> {
            Slot slot = active.get(k);
            if (slot == null) {
                ps.forEach(p -> p.answer(false));
            } else {
                slots.add(slot);
            }
        });
        Map<FaultId, RuntimeException> failed = revertGroup(slots, "stopped", revertTimeout);
        for (Slot slot : slots) {
            List<StopQueue.Pending> ps = byKey.get(slot.entry().key());
            RuntimeException e = failed.get(slot.entry().applied().id());
            for (int i = 0; i < ps.size(); i++) {
                if (e != null) {
                    ps.get(i).fail(e);
                } else {
                    ps.get(i).answer(i == 0);
                }
            }
        }
    }

    /**
     * Lock held. Reverts {@code slots} together, detached; forgets each fault reverted, keeps each that failed (and its
     * journal entry, retried at {@link #EXPIRY_RETRY}); returns those failures. One slot reverts as {@link #revert}.
     */
    private Map<FaultId, RuntimeException> revertGroup(List<Slot> slots, String reason, Duration timeout) {
        Map<FaultId, RuntimeException> failed = new ConcurrentHashMap<>();
        if (slots.size() == 1) {
            try {
                revert(slots.get(0), reason, timeout);
            } catch (RuntimeException e) {
                failed.put(slots.get(0).entry().applied().id(), e);
            }
            return failed;
        }
        if (slots.isEmpty()) {
            return failed;
        }
        List<AppliedFault> faults = slots.stream().map(s -> s.entry().applied()).toList();
        slots.forEach(s -> s.expiry().cancel(false));
        long t0 = System.nanoTime();
        try {
            detached.run("revert of " + faults.size() + " faults", () -> {
                failed.putAll(enforcer.revertAll(faults));
                journal.deleteAll(faults.stream().map(AppliedFault::id).filter(id -> !failed.containsKey(id)).toList());
            }, timeout);
        } catch (RuntimeException e) { // timed out, or the journal failed: retry each (a revert tolerates what is gone)
            faults.forEach(f -> failed.putIfAbsent(f.id(), e));
        }
        Duration each = Duration.ofNanos((System.nanoTime() - t0) / slots.size()); // the lock's time per fault
        for (Slot slot : slots) {
            AppliedFault a = slot.entry().applied();
            RuntimeException e = failed.get(a.id());
            if (e != null) {
                events.failed(slot.entry().key(), "revert", e);
                active.put(slot.entry().key(), new Slot(slot.entry(), schedule(slot.entry(), EXPIRY_RETRY)));
                continue;
            }
            active.remove(slot.entry().key());
            leases.forget(a.id());
            events.stopped(slot.fault(), reason, a.revertLines(), each);
        }
        return failed;
    }

    /**
     * Adds sources and exemptions to the running latency or loss fault in place ({@link Enforcer#extend}); where the
     * enforcer cannot, restarts the fault with them (stop, then start for the time left) and says so in the log.
     */
    @Override
    public ActiveFault addSources(FaultKey key, List<Cidr> sources, List<Cidr> exemptions) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Slot slot = active.get(key);
            if (slot == null || !enforcer.isPresent(slot.entry().applied())) {
                throw new NotRunningException(key);
            }
            JournalEntry entry = slot.entry();
            FaultSpec widened = Widening.of(entry.spec(), sources, exemptions);
            if (widened.equals(entry.spec())) {
                return slot.fault();
            }
            AppliedFault extended;
            try {
                extended = enforcer.extend(entry.applied(), widened, entry.expiresAt());
            } catch (UnsupportedFaultException | IllegalStateException e) {
                LOG.warn("fault {}: sources cannot be added in place ({}); restarting it with them: the fault is off "
                        + "between its stop and its start", entry.applied().id(), e.getMessage());
                Duration left = Duration.between(clock.instant(), entry.expiresAt());
                revert(slot, "restarted with more sources", revertTimeout);
                return start(widened, Optional.of(left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left));
            }
            JournalEntry next = new JournalEntry(key, widened, entry.startedAt(), entry.expiresAt(),
                    JournalEntry.Phase.ACTIVE, entry.mode(), extended);
            journal.update(next);
            Slot s = new Slot(next, slot.expiry());
            active.put(key, s);
            LOG.info("fault {}: added {} source(s) and {} exemption(s) in place", extended.id(), sources.size(),
                    exemptions.size());
            return s.fault();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Without the lock, so a status never waits behind changes: the fault this agent holds for {@code key} now, read back
     * from the kernel ({@link Enforcer#isPresent}). A status that overlaps a start or stop of the key answers as if it ran
     * before or after it.
     */
    @Override
    public boolean running(FaultKey key) throws InterruptedException {
        Slot slot = active.get(key);
        return slot != null && enforcer.isPresent(slot.entry().applied());
    }

    /** Without the lock, as {@link #running}: the faults held now, each read back from the kernel. */
    @Override
    public List<FaultView> list() throws InterruptedException {
        List<Slot> slots;
        synchronized (active) {
            slots = List.copyOf(active.values());
        }
        List<FaultView> out = new ArrayList<>();
        for (Slot s : slots) {
            AppliedFault a = s.entry().applied();
            Presence p = enforcer.present(a);
            out.add(new FaultView(s.fault(), p.present(), p.counters(), leases.expiresAt(a.id()),
                    a.lease().unleasedReason()));
        }
        return out;
    }

    @Override
    public List<ActiveFault> stopAll() throws InterruptedException {
        lock.lock();
        try {
            List<Slot> all = List.copyOf(active.values());
            Map<FaultId, RuntimeException> failed = revertGroup(all, "killswitch", revertTimeout);
            for (Slot slot : all) {
                RuntimeException e = failed.get(slot.entry().applied().id());
                if (e != null) {
                    throw e; // the first failure; every other fault was still tried
                }
            }
            return all.stream().map(Slot::fault).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Health health() {
        return enforcer.health();
    }

    /**
     * Reverts every fault within {@link #SHUTDOWN_BUDGET} in all (docker stop waits 10 s before SIGKILL) and stops the
     * expiry scheduler. Faults left over keep their journal entries for the next start. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ScheduledExecutorService r = renewals;
            if (r != null) {
                r.shutdownNow(); // what is not reverted below lapses within the lease
            }
            try {
                revertAll("shutdown", System.nanoTime() + SHUTDOWN_BUDGET.toNanos());
            } catch (RuntimeException e) {
                LOG.error("shutdown: some faults could not be reverted: {}", e.getMessage());
            }
        } finally {
            lock.unlock();
            scheduler.shutdownNow();
            detached.close();
        }
    }

    private List<ActiveFault> revertAll(String reason, long deadlineNanos) {
        List<ActiveFault> stopped = new ArrayList<>();
        RuntimeException first = null;
        for (Slot s : List.copyOf(active.values())) {
            long left = deadlineNanos == Long.MAX_VALUE ? revertTimeout.toNanos() : deadlineNanos - System.nanoTime();
            try {
                if (left <= 0) {
                    throw new IllegalStateException("no time left to revert fault " + s.entry().applied().id());
                }
                revert(s, reason, Duration.ofNanos(Math.min(left, revertTimeout.toNanos())));
                stopped.add(s.fault());
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return stopped;
    }

    /** Lock held. Reverts detached; on success forgets the fault, on failure keeps it (and its journal entry). */
    private void revert(Slot slot, String reason, Duration timeout) {
        AppliedFault a = slot.entry().applied();
        slot.expiry().cancel(false);
        long t0 = System.nanoTime();
        try {
            detached.run("revert of fault " + a.id(), () -> {
                enforcer.revert(a);
                journal.delete(a.id());
            }, timeout);
        } catch (RuntimeException e) {
            events.failed(slot.entry().key(), "revert", e);
            active.put(slot.entry().key(), new Slot(slot.entry(), schedule(slot.entry(), EXPIRY_RETRY)));
            throw e;
        }
        active.remove(slot.entry().key());
        leases.forget(a.id());
        events.stopped(slot.fault(), reason, a.revertLines(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Lock held. Removes what {@code ran} of a fault whose apply failed or was interrupted; keeps the journal entry if
     * that fails too.
     */
    private void rollback(JournalEntry entry, AppliedFault ran) {
        try {
            detached.run("rollback of fault " + entry.applied().id(), () -> {
                enforcer.revert(ran);
                journal.delete(entry.applied().id());
            }, revertTimeout);
        } catch (RuntimeException e) {
            events.failed(entry.key(), "revert", e);
            LOG.error("fault {}: rollback failed, the journal keeps it for the next reconcile: {}", entry.applied().id(), e.getMessage());
        }
    }

    private Slot register(JournalEntry entry) {
        Duration delay = Duration.between(clock.instant(), entry.expiresAt());
        Slot slot = new Slot(entry, schedule(entry, delay.isNegative() ? Duration.ZERO : delay));
        active.put(entry.key(), slot);
        leases.track(entry.applied(), clock.instant());
        return slot;
    }

    private ScheduledFuture<?> schedule(JournalEntry entry, Duration delay) {
        return scheduler.schedule(() -> expire(entry.key(), entry.applied().id()), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops a fault whose lease lapsed while this agent could not renew it: reverts what the kernel still holds. */
    private void lapse(FaultId id) {
        lock.lock();
        try {
            for (Slot slot : List.copyOf(active.values())) {
                if (slot.entry().applied().id().equals(id) && !closed) {
                    revert(slot, "lease-lapsed", revertTimeout);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("fault {}: revert after its lease lapsed failed, retrying at its expiry: {}", id, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private void expire(FaultKey key, FaultId id) {
        lock.lock();
        try {
            Slot slot = active.get(key);
            if (slot != null && slot.entry().applied().id().equals(id) && !closed) {
                revert(slot, "expired", revertTimeout);
            }
        } catch (RuntimeException e) {
            LOG.warn("fault {}: expiry revert failed, retrying in {} s: {}", id, EXPIRY_RETRY.toSeconds(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
