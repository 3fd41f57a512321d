package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.PlanContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.LoggerFactory;

/**
 * How {@code netfault serve} gets its {@link FaultService}: a {@link FaultManager} on its own expiry thread that has
 * already reconciled the journal with the kernel. Its {@link FaultManager#close()} belongs in the shutdown hook.
 *
 * <p>{@code FaultManager faults = Lifecycle.open(enforcer, new Journal(stateDir), maxDuration, logListener);}
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    public static FaultManager open(Enforcer enforcer, Journal journal, Duration maxDuration, FaultListener... listeners)
            throws InterruptedException {
        return open(enforcer, journal, maxDuration, PlanContext.DEFAULT_LEASE, listeners);
    }

    /** With a lease of {@code lease}, renewed on a thread of its own ({@code netfault-lease}). */
    public static FaultManager open(Enforcer enforcer, Journal journal, Duration maxDuration, Duration lease,
                                    FaultListener... listeners) throws InterruptedException {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfault-expiry");
            t.setDaemon(true);
            return t;
        });
        FaultManager m = new FaultManager(enforcer, journal, s, Clock.systemUTC(), maxDuration, FaultManager.REVERT_TIMEOUT,
                lease);
        for (FaultListener l : listeners) {
            m.addListener(l);
        }
        m.reconcile();
        warmUp(enforcer, journal);
        m.startRenewals(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfault-lease");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        }));
        return m;
    }

    /**
     * Before the first start: the journal's durable write of a sample entry ({@link Journal#warmUp}) and the plan of
     * its blackhole against this namespace ({@link Enforcer#planning}, which reads and changes nothing), so the first
     * start after the agent is ready runs code already loaded and linked. A namespace that cannot enforce the sample
     * only skips the plan.
     */
    static void warmUp(Enforcer enforcer, Journal journal) throws InterruptedException {
        JournalEntry sample = journal.warmUp();
        try {
            enforcer.planning().prepare(sample.applied().id(), sample.spec(), Instant.now().plus(Duration.ofMinutes(1)));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Lifecycle.class).debug("warm-up: the sample blackhole is not planned here: {}",
                    e.toString());
        }
    }
}
