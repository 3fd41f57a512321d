package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.PlanContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of every live fault: every {@link #period lease/3} it renews them all together through
 * {@link Enforcer#renew} (one process per tool, retried fault by fault when the joint transaction fails), on its own
 * thread so a slow revert cannot make another fault's lease lapse. A failed renewal is logged and reported to the
 * listeners (metrics count it); the next tick retries it, two more before the lease lapses.
 */
public final class LeaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Enforcer enforcer;
    private final Duration lease;
    private final Clock clock;
    private final Events events;
    private final Map<FaultId, AppliedFault> live = new LinkedHashMap<>();
    private final Map<FaultId, Instant> renewedAt = new LinkedHashMap<>();
    private final Map<FaultId, Long> renewedNanos = new LinkedHashMap<>();
    private final Consumer<List<FaultId>> lapsed;

    /**
     * @param lapsed told of faults whose lease lapsed before this agent could renew it (it was frozen, or every
     *               renewal failed): they are no longer renewed, since renewing would resume a fault the kernel stopped
     */
    LeaseKeeper(Enforcer enforcer, Duration lease, Clock clock, Events events, Consumer<List<FaultId>> lapsed) {
        this.lapsed = lapsed;
        this.enforcer = enforcer;
        this.lease = PlanContext.requireLease(lease);
        this.clock = clock;
        this.events = events;
    }

    /** How often leases are renewed: a third of the lease, so two renewals may fail before a lease lapses. */
    public static Duration period(Duration lease) {
        return lease.dividedBy(3);
    }

    Duration lease() {
        return lease;
    }

    /** Renews on {@code scheduler} from now on, every {@link #period}. */
    void start(ScheduledExecutorService scheduler) {
        long p = period(lease).toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, p, p, TimeUnit.MILLISECONDS);
    }

    /** A fault whose lease the kernel started at {@code since} (its apply). */
    synchronized void track(AppliedFault fault, Instant since) {
        if (fault.lease().leased()) {
            live.put(fault.id(), fault);
            renewedAt.put(fault.id(), since);
            renewedNanos.put(fault.id(), System.nanoTime());
        }
    }

    synchronized void forget(FaultId id) {
        live.remove(id);
        renewedAt.remove(id);
        renewedNanos.remove(id);
    }

    /** When the fault's lease lapses unless renewed again; empty for an unleased or unknown fault. */
    synchronized Optional<Instant> expiresAt(FaultId id) {
        return Optional.ofNullable(renewedAt.get(id)).map(t -> t.plus(lease));
    }

    /** The faults to renew now; those whose lease already lapsed (by the monotonic clock) are taken out. */
    private List<AppliedFault> snapshot() {
        List<FaultId> gone = new ArrayList<>();
        List<AppliedFault> out = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (AppliedFault f : List.copyOf(live.values())) {
                if (now - renewedNanos.get(f.id()) >= lease.toNanos()) {
                    gone.add(f.id());
                    live.remove(f.id());
                } else {
                    out.add(f);
                }
            }
        }
        if (!gone.isEmpty()) {
            LOG.warn("faults {}: lease lapsed before it could be renewed (agent frozen or renewals failing for {} ms): "
                    + "they no longer bite and are dropped, not resumed", gone, lease.toMillis());
            lapsed.accept(gone);
        }
        return out;
    }

    private void tick() {
        try {
            renewNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("lease renewal failed: {}", e.toString());
        }
    }

    /** Renews every tracked lease now; returns what happened. */
    Renewal renewNow() throws InterruptedException {
        List<AppliedFault> faults = snapshot();
        if (faults.isEmpty()) {
            return Renewal.NOTHING;
        }
        Instant began = clock.instant();
        long t0 = System.nanoTime();
        Renewal all = enforcer.renew(faults);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Renewal r;
        synchronized (this) {
            Map<FaultId, String> failed = new LinkedHashMap<>(all.failed());
            failed.keySet().retainAll(live.keySet()); // a fault reverted meanwhile fails harmlessly
            r = new Renewal(all.faults(), all.merged(), failed);
            for (AppliedFault f : faults) {
                if (live.containsKey(f.id()) && !r.failed().containsKey(f.id())) {
                    renewedAt.put(f.id(), began);
                    renewedNanos.put(f.id(), t0);
                }
            }
        }
        r.failed().forEach((id, why) -> LOG.warn("fault {}: lease renewal failed, retrying in {} ms (lease lapses at {}): {}",
                id, period(lease).toMillis(), expiresAt(id).map(Instant::toString).orElse("?"), why));
        if (!r.merged()) {
            LOG.info("lease renewal of {} faults: the joint transaction failed, renewed one by one ({} failed)",
                    r.faults(), r.failed().size());
        }
        events.renewed(r, took);
        return r;
    }
}
