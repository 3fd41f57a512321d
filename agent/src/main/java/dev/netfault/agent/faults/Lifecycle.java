package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.PlanContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

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
        m.startRenewals(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfault-lease");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        }));
        return m;
    }
}
