package dev.netfault.agent.faults;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How {@code netfault serve} gets its {@link FaultService}: a {@link FaultManager} on its own expiry thread that has
 * already reconciled the journal with the kernel, and a shutdown hook that reverts every fault on SIGTERM.
 *
 * <pre>{@code
 * FaultManager faults = Lifecycle.open(KernelEnforcer.create(netns, 51680, exempt), new Journal(stateDir), maxDuration, logListener);
 * Lifecycle.revertOnShutdown(faults);
 * }</pre>
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    public static FaultManager open(Enforcer enforcer, Journal journal, Duration maxDuration, FaultListener... listeners)
            throws InterruptedException {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfault-expiry");
            t.setDaemon(true);
            return t;
        });
        FaultManager m = new FaultManager(enforcer, journal, s, Clock.systemUTC(), maxDuration, FaultManager.REVERT_TIMEOUT);
        for (FaultListener l : listeners) {
            m.addListener(l);
        }
        m.reconcile();
        return m;
    }

    /** Registers a JVM shutdown hook (SIGTERM, SIGINT) that calls {@link FaultManager#close()}; returns it. */
    public static Thread revertOnShutdown(FaultManager manager) {
        Thread hook = new Thread(manager::close, "netfault-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
