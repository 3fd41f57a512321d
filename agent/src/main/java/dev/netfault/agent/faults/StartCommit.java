package dev.netfault.agent.faults;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Commits the starts queued behind the {@link FaultManager}'s lock, always with that lock held, round by round
 * ({@link StartQueue#round}). Each round admits its starts in order (shutting down, idempotent blackhole, 409, plan),
 * writes the admitted ones to the journal with their revert data before the kernel is touched (one fsync for the
 * group), applies them together ({@link Enforcer#applyAll}), takes each that succeeded into the {@link HeldFaults}
 * and answers every start on its own. A start whose apply failed is rolled back by the steps that ran, never by more.
 */
final class StartCommit {

    /** A start admitted into a round: planned, journalled with its revert data, not yet applied. */
    private record Admitted(StartQueue.Pending pending, JournalEntry entry) {
        AppliedFault applied() {
            return entry.applied();
        }
    }

    private final Enforcer enforcer;
    private final Journal journal;
    private final Clock clock;
    private final Events events;
    private final HeldFaults held;
    private final StartQueue starts;
    private final BooleanSupplier closed;

    /** @param closed whether the manager is closed (read with its lock held) */
    StartCommit(Enforcer enforcer, Journal journal, Clock clock, Events events, HeldFaults held, StartQueue starts,
                BooleanSupplier closed) {
        this.enforcer = enforcer;
        this.journal = journal;
        this.clock = clock;
        this.events = events;
        this.held = held;
        this.starts = starts;
        this.closed = closed;
    }

    /**
     * Lock held. Commits every queued start, round by round ({@link StartQueue#round}); false when this thread was
     * interrupted: what was left is queued again, for its callers (still waiting for the lock) to commit.
     */
    boolean commitQueued() {
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

    /**
     * Lock held. Admits each start of {@code round} in order (closed, idempotent blackhole, 409, plan), then journals
     * the admitted ones and applies them together. A plan that changes tc objects ends the group: a later plan must read
     * the namespace after it is applied, so the starts after it go to {@code later}.
     */
    void commitRound(List<StartQueue.Pending> round, List<StartQueue.Pending> later) throws InterruptedException {
        List<Admitted> group = new ArrayList<>();
        List<FaultId> ids = new ArrayList<>(held.ids());
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
                held.rollback(a.entry(), a.applied());
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
                held.rollback(a.entry(), a.applied());
                a.pending().fail(e);
            }
            throw e;
        } catch (RuntimeException e) { // which of them ran is unknown: undo each (a revert tolerates what is absent)
            for (Admitted a : group) {
                held.rollback(a.entry(), a.applied());
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
                held.rollback(a.entry(), ran);
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
        HeldFaults.Slot slot = held.register(entry);
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
            if (closed.getAsBoolean()) {
                throw new IllegalStateException("the agent is shutting down");
            }
            HeldFaults.Slot running = held.get(key);
            if (running != null && key.blackhole() != null) {
                p.succeed(running.fault());
                return null;
            }
            Admission.refuseConflict(key, held.keys());
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
}
