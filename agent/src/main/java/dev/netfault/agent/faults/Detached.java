package dev.netfault.agent.faults;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs kernel work that must finish even when the caller is interrupted (a revert after a cancelled request, a stop
 * during shutdown): the work runs on its own thread with its own timeout, the caller waits for it, and an interrupt
 * the caller receives meanwhile is restored once the work is done, never swallowed.
 */
final class Detached implements AutoCloseable {

    /** Work that may block on processes. */
    interface Work {
        void run() throws InterruptedException;
    }

    private final ExecutorService pool;

    Detached() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "netfault-revert-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} to completion or until {@code timeout}; its runtime exceptions reach the caller unchanged.
     *
     * @throws IllegalStateException when the work did not finish in time (it is then interrupted)
     */
    void run(String what, Work work, Duration timeout) {
        Future<?> f = pool.submit(() -> {
            work.run();
            return null;
        });
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw new IllegalStateException(what + " did not finish within " + timeout.toMillis() + " ms");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(what + " failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
