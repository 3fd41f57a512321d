package dev.netfault.agent.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * The stops waiting for the namespace lock (group commit): whoever gets the lock next reverts every stop queued by
 * then together, so the other callers find theirs answered. A stop is never withdrawn: a caller being cancelled still
 * gets its fault stopped.
 */
final class StopQueue {

    /** One queued stop and, once done, whether it stopped a fault. */
    static final class Pending {
        final FaultKey key;
        private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

        Pending(FaultKey key) {
            this.key = key;
        }

        boolean done() {
            return outcome.isDone();
        }

        void answer(boolean stopped) {
            outcome.complete(stopped);
        }

        void fail(RuntimeException e) {
            outcome.completeExceptionally(e);
        }

        /** The outcome; an interrupt meanwhile is kept for the caller, never swallowed. */
        boolean result() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return outcome.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        throw (RuntimeException) e.getCause();
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

    void add(Pending p) {
        queue.add(p);
    }

    int size() {
        return queue.size();
    }

    /** Every stop queued now, in arrival order. */
    List<Pending> takeAll() {
        List<Pending> out = new ArrayList<>();
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            out.add(p);
        }
        return out;
    }
}
