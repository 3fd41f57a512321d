package dev.netfault.agent.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the kernel agree with the journal when the agent starts: entries past their expiry, entries whose apply
 * never finished, and entries whose fault is no longer wholly in the kernel (the agent died mid-revert) are reverted
 * and deleted; then every netfault-marked object that no remaining entry owns is swept;
 * the remaining entries are live and are handed back to be re-adopted (re-scheduled, listed, their leases renewed). An
 * entry whose lease lapsed while no agent ran is dropped, not resumed: the kernel already stopped that fault.
 * With an empty journal and
 * no leftovers it changes nothing.
 *
 * <p>Entries another mode's enforcer applied (a kernel-mode entry found by a platform-mode agent, or the reverse) are
 * left in the journal untouched, with one log line each saying what the operator can do: this enforcer cannot read,
 * revert or re-adopt them (a platform call is not a command, nor a command a platform call), and deleting the entry
 * would lose the only record of how to revert a fault that may still be in place.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Enforcer enforcer;
    private final Journal journal;
    private final Clock clock;
    private final Events events;

    Reconciler(Enforcer enforcer, Journal journal, Clock clock, Events events) {
        this.enforcer = enforcer;
        this.journal = journal;
        this.clock = clock;
        this.events = events;
    }

    /**
     * What reconciling found and did.
     *
     * @param failures entries whose revert failed: kept in the journal and re-adopted so a later stop can retry
     * @param foreign  entries of the other mode: left in the journal untouched
     */
    public record Report(List<JournalEntry> adopted, List<JournalEntry> reverted, List<String> swept,
                         List<String> corrupt, List<String> failures, List<JournalEntry> foreign) {
        public Report {
            adopted = List.copyOf(adopted);
            reverted = List.copyOf(reverted);
            swept = List.copyOf(swept);
            corrupt = List.copyOf(corrupt);
            failures = List.copyOf(failures);
            foreign = List.copyOf(foreign);
        }
    }

    private boolean present(JournalEntry e) throws InterruptedException {
        try {
            return enforcer.isPresent(e.applied());
        } catch (RuntimeException ex) {
            LOG.warn("reconcile: cannot tell whether fault {} is present ({}); keeping it", e.applied().id(), ex.getMessage());
            return true;
        }
    }

    private boolean leaseLapsed(JournalEntry e) throws InterruptedException {
        try {
            return e.applied().lease().leased() && !enforcer.leaseAlive(e.applied());
        } catch (RuntimeException ex) {
            return false;
        }
    }

    public Report reconcile() throws InterruptedException {
        long began = System.nanoTime();
        Journal.Contents contents = journal.readAll();
        Instant now = clock.instant();
        List<JournalEntry> live = new ArrayList<>();
        List<JournalEntry> reverted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<JournalEntry> foreign = new ArrayList<>();
        EnforcerMode mode = enforcer.mode();
        contents.corrupt().forEach(c -> LOG.warn("journal entry unreadable, set aside: {}", c));
        for (JournalEntry e : contents.entries()) {
            if (e.mode() != mode) {
                foreign.add(e);
                LOG.warn("{}", foreignLine(e, mode));
                continue;
            }
            String why = e.phase() == JournalEntry.Phase.APPLYING ? "apply never finished" : "expired at " + e.expiresAt();
            if (!e.expiredAt(now) && e.phase() == JournalEntry.Phase.ACTIVE) {
                if (present(e)) {
                    live.add(e);
                    continue;
                }
                // The agent died between reverting the fault and deleting its entry, or the fault was removed by hand:
                // re-adopting it would list a fault that is not there. Revert what may be left, drop the entry.
                // A lapsed lease is the same: the kernel stopped the fault when no agent renewed it; resuming it now
                // would impair traffic again behind the operator's back, after a gap nobody asked for.
                why = leaseLapsed(e) ? "its lease lapsed while no agent renewed it: dropped, not resumed"
                        : "no longer (wholly) in the kernel";
            }
            long t0 = System.nanoTime();
            try {
                enforcer.revert(e.applied());
                journal.delete(e.applied().id());
                reverted.add(e);
                LOG.info("reconcile: fault {} ({}) reverted: {}", e.applied().id(), e.key(), why);
                events.stopped(e.toActive(), "reconcile", e.applied().revertLines(), Duration.ofNanos(System.nanoTime() - t0));
            } catch (RuntimeException ex) {
                failures.add(e.applied().id() + ": " + ex.getMessage());
                events.failed(e.key(), "revert", ex);
                live.add(e);
            }
        }
        List<String> swept = List.of();
        try {
            swept = enforcer.sweep(live.stream().map(JournalEntry::applied).toList());
        } catch (RuntimeException ex) {
            failures.add("sweep: " + ex.getMessage());
            LOG.error("reconcile: sweep incomplete, serving anyway: {}", ex.getMessage());
        }
        swept.forEach(s -> LOG.info("reconcile: removed orphaned {}", s));
        live.forEach(e -> LOG.info("reconcile: fault {} ({}) re-adopted, expires at {}", e.applied().id(), e.key(), e.expiresAt()));
        LOG.info("reconcile took {} ms: {} re-adopted, {} reverted, {} orphaned objects swept, {} failures, {} left to "
                + "the other mode", (System.nanoTime() - began) / 1_000_000, live.size(), reverted.size(), swept.size(),
                failures.size(), foreign.size());
        return new Report(live, reverted, swept, contents.corrupt(), failures, foreign);
    }

    /** The one log line for an entry another mode applied: which fault, who wrote it, what the operator can do. */
    private String foreignLine(JournalEntry e, EnforcerMode mode) {
        String other = e.mode().wire();
        return "reconcile: fault " + e.applied().id() + " (" + e.key() + ") was applied in " + other
                + " mode and this agent runs in " + mode.wire() + " mode: left untouched in "
                + journal.file(e.applied().id()) + ". To remove it, start the agent once with --mode " + other
                + " (it reverts or re-adopts the entry), or run the entry's \"revert\" steps yourself and delete"
                + " the file";
    }
}
