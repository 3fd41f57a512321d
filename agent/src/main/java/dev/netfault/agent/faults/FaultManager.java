package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.plan.PlanContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault lifecycle of one network namespace: one fair lock serialises every change; one latency-or-loss fault at a
 * time and any number of blackholes; each fault is journalled before it is applied and expires on a schedule; reverts
 * run with their own timeout even when the calling thread is interrupted. Starts and stops that queue behind the lock
 * are committed by its next holder as a group (one journal fsync, one kernel transaction where the enforcer can), each
 * with its own answer; status and list read the kernel without the lock. This class holds the lock and the queues;
 * what the lock holder does lives in {@link HeldFaults} (the faults held), {@link StartCommit} and {@link StopCommit}.
 *
 * <p>{@code FaultManager m = Lifecycle.open(enforcer, new Journal(stateDir), MaxDuration.VALUE); ... m.close();}
 */
public final class FaultManager implements FaultService, AutoCloseable {

    public static final Duration REVERT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(8);
    private static final Logger LOG = LoggerFactory.getLogger(FaultManager.class);

    private final Enforcer enforcer;
    private final Journal journal;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration maxDuration;
    private final Duration revertTimeout;
    private final ReentrantLock lock = new ReentrantLock(true);
    /** The faults held: written with the lock held; read without it by {@link #running} and {@link #list}. */
    private final HeldFaults held;
    private final StartCommit startCommit;
    private final StopCommit stopCommit;
    private final StartQueue starts = new StartQueue();
    private final StopQueue stops = new StopQueue();
    private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
    private final Detached detached = new Detached();
    private final Events events = new Events(listeners);
    private final LeaseKeeper leases;
    private volatile ScheduledExecutorService renewals;
    private boolean closed;

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
        this.held = new HeldFaults(enforcer, journal, scheduler, clock, revertTimeout, detached, events, leases,
                this::expire);
        this.startCommit = new StartCommit(enforcer, journal, clock, events, held, starts, () -> closed);
        this.stopCommit = new StopCommit(held, stops, revertTimeout);
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
            report.adopted().forEach(held::register);
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
     * ({@link StartCommit#commitQueued}): one journal fsync of the directory for the group, written before the kernel
     * is touched, and one kernel transaction where the enforcer can ({@link Enforcer#applyAll}). Each start gets its
     * own answer.
     */
    @Override
    public ActiveFault start(FaultSpec spec, Optional<Duration> duration) throws InterruptedException {
        Duration d = duration.map(x -> Admission.duration(x, maxDuration)).orElse(maxDuration);
        StartQueue.Pending p = new StartQueue.Pending(spec, d);
        if (lock.isHeldByCurrentThread()) { // a restart inside another change (add-sources): this start alone, first
            startCommit.commitRound(List.of(p), new ArrayList<>());
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
            if (!p.done() && !startCommit.commitQueued() && starts.withdraw(p)) {
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
                stopCommit.commitQueued();
            }
        } finally {
            lock.unlock();
        }
        return p.result();
    }

    /**
     * Adds sources and exemptions to the running latency or loss fault in place ({@link Enforcer#extend}); where the
     * enforcer cannot, restarts the fault with them (stop, then start for the time left) and says so in the log.
     */
    @Override
    public ActiveFault addSources(FaultKey key, List<Cidr> sources, List<Cidr> exemptions) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            HeldFaults.Slot slot = held.get(key);
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
                held.revert(slot, "restarted with more sources", revertTimeout);
                return start(widened, Optional.of(left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left));
            }
            JournalEntry next = new JournalEntry(key, widened, entry.startedAt(), entry.expiresAt(),
                    JournalEntry.Phase.ACTIVE, entry.mode(), extended);
            journal.update(next);
            HeldFaults.Slot s = held.replace(slot, next);
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
        return held.running(key);
    }

    /** Without the lock, as {@link #running}: the faults held now, each read back from the kernel. */
    @Override
    public List<FaultView> list() throws InterruptedException {
        return held.list();
    }

    @Override
    public List<ActiveFault> stopAll() throws InterruptedException {
        lock.lock();
        try {
            return stopCommit.stopAll();
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
                held.revertAll("shutdown", System.nanoTime() + SHUTDOWN_BUDGET.toNanos());
            } catch (RuntimeException e) {
                LOG.error("shutdown: some faults could not be reverted: {}", e.getMessage());
            }
        } finally {
            lock.unlock();
            scheduler.shutdownNow();
            detached.close();
        }
    }

    /** Drops a fault whose lease lapsed while this agent could not renew it: reverts what the kernel still holds. */
    private void lapse(FaultId id) {
        lock.lock();
        try {
            for (HeldFaults.Slot slot : held.snapshot()) {
                if (slot.entry().applied().id().equals(id) && !closed) {
                    held.revert(slot, "lease-lapsed", revertTimeout);
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
            HeldFaults.Slot slot = held.get(key);
            if (slot != null && slot.entry().applied().id().equals(id) && !closed) {
                held.revert(slot, "expired", revertTimeout);
            }
        } catch (RuntimeException e) {
            LOG.warn("fault {}: expiry revert failed, retrying in {} s: {}", id, HeldFaults.EXPIRY_RETRY.toSeconds(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
