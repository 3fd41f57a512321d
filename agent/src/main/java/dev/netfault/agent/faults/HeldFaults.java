package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults one namespace holds now, each with its journal entry and its scheduled expiry: taking one in (its expiry
 * and lease tracked), reverting one, a group or all of them at shutdown, and rolling back a start whose apply failed.
 * Every method that writes the table runs with the {@link FaultManager}'s lock held; {@link #get}, {@link #snapshot}
 * and so {@link #running} and {@link #list} read it without the lock. Reverts and rollbacks run {@link Detached}, with
 * their own timeout; a revert that fails keeps the fault and its journal entry and retries at {@link #EXPIRY_RETRY}.
 */
final class HeldFaults {

    static final Duration EXPIRY_RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(FaultManager.class); // the lifecycle's log, one name

    /** A held fault: its journal entry and the expiry (or retry) scheduled for it. */
    record Slot(JournalEntry entry, ScheduledFuture<?> expiry) {
        ActiveFault fault() {
            return entry.toActive();
        }
    }

    /** What runs when a fault's expiry (or its retry) is due, on the scheduler's thread: the manager's expire. */
    @FunctionalInterface
    interface Expiry {
        void due(FaultKey key, FaultId id);
    }

    private final Enforcer enforcer;
    private final Journal journal;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration revertTimeout;
    private final Detached detached;
    private final Events events;
    private final LeaseKeeper leases;
    private final Expiry expiry;
    /** Written with the manager's lock held; read without it by {@link #running} and {@link #list} (the status route). */
    private final Map<FaultKey, Slot> active = Collections.synchronizedMap(new LinkedHashMap<>());

    HeldFaults(Enforcer enforcer, Journal journal, ScheduledExecutorService scheduler, Clock clock, Duration revertTimeout,
               Detached detached, Events events, LeaseKeeper leases, Expiry expiry) {
        this.enforcer = enforcer;
        this.journal = journal;
        this.scheduler = scheduler;
        this.clock = clock;
        this.revertTimeout = revertTimeout;
        this.detached = detached;
        this.events = events;
        this.leases = leases;
        this.expiry = expiry;
    }

    /** Without the lock: the fault held for {@code key} now, or null. */
    Slot get(FaultKey key) {
        return active.get(key);
    }

    /** Without the lock: every fault held now, in the order taken in. */
    List<Slot> snapshot() {
        synchronized (active) {
            return List.copyOf(active.values());
        }
    }

    /** Lock held. The keys held now (a live view, for the conflict rule). */
    Set<FaultKey> keys() {
        return active.keySet();
    }

    /** Lock held. The ids of the faults held now. */
    List<FaultId> ids() {
        return active.values().stream().map(x -> x.entry().applied().id()).toList();
    }

    /**
     * Without the lock, so a status never waits behind changes: the fault this agent holds for {@code key} now, read back
     * from the kernel ({@link Enforcer#isPresent}).
     */
    boolean running(FaultKey key) throws InterruptedException {
        Slot slot = active.get(key);
        return slot != null && enforcer.isPresent(slot.entry().applied());
    }

    /** Without the lock, as {@link #running}: the faults held now, each read back from the kernel. */
    List<FaultView> list() throws InterruptedException {
        List<FaultView> out = new ArrayList<>();
        for (Slot s : snapshot()) {
            AppliedFault a = s.entry().applied();
            Presence p = enforcer.present(a);
            out.add(new FaultView(s.fault(), p.present(), p.counters(), leases.expiresAt(a.id()),
                    a.lease().unleasedReason()));
        }
        return out;
    }

    /** Lock held. Holds the fault of {@code entry}: its expiry scheduled (at once when past), its lease tracked. */
    Slot register(JournalEntry entry) {
        Duration delay = Duration.between(clock.instant(), entry.expiresAt());
        Slot slot = new Slot(entry, schedule(entry, delay.isNegative() ? Duration.ZERO : delay));
        active.put(entry.key(), slot);
        leases.track(entry.applied(), clock.instant());
        return slot;
    }

    /** Lock held. Replaces the held fault's entry (widened in place), keeping its expiry. */
    Slot replace(Slot slot, JournalEntry next) {
        Slot s = new Slot(next, slot.expiry());
        active.put(next.key(), s);
        return s;
    }

    private ScheduledFuture<?> schedule(JournalEntry entry, Duration delay) {
        return scheduler.schedule(() -> expiry.due(entry.key(), entry.applied().id()), delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Lock held. Reverts detached; on success forgets the fault, on failure keeps it (and its journal entry). */
    void revert(Slot slot, String reason, Duration timeout) {
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
     * Lock held. Reverts {@code slots} together, detached; forgets each fault reverted, keeps each that failed (and its
     * journal entry, retried at {@link #EXPIRY_RETRY}); returns those failures. One slot reverts as {@link #revert}.
     */
    Map<FaultId, RuntimeException> revertGroup(List<Slot> slots, String reason, Duration timeout) {
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
     * Lock held. Reverts every fault one by one, each within what is left of {@code deadlineNanos} (at most the revert
     * timeout); throws the first failure once every fault was tried.
     */
    List<ActiveFault> revertAll(String reason, long deadlineNanos) {
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

    /**
     * Lock held. Removes what {@code ran} of a fault whose apply failed or was interrupted; keeps the journal entry if
     * that fails too.
     */
    void rollback(JournalEntry entry, AppliedFault ran) {
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
}
