package dev.netfault.agent.faults;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * The starts waiting for the namespace lock (group commit): each caller queues its start, then waits for the lock;
 * whoever gets it takes every start queued by then and commits them together, so the other callers find theirs done.
 * {@link #round} splits what was taken into groups whose members cannot affect each other's admission: no two starts
 * of one key (the second must see the first's outcome: idempotent blackhole, 409) and no two of one exclusive group.
 */
final class StartQueue {

    /** One queued start and, once committed, its outcome. */
    static final class Pending {
        final FaultSpec spec;
        final Duration duration;
        final FaultKey key;
        private final CompletableFuture<ActiveFault> outcome = new CompletableFuture<>();

        Pending(FaultSpec spec, Duration duration) {
            this.spec = spec;
            this.duration = duration;
            this.key = FaultKey.of(spec);
        }

        boolean done() {
            return outcome.isDone();
        }

        void succeed(ActiveFault f) {
            outcome.complete(f);
        }

        void fail(Throwable e) {
            outcome.completeExceptionally(e);
        }

        /** The outcome, rethrown as the caller would have got it from a start of its own. */
        ActiveFault result() throws InterruptedException {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return outcome.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // the start is committed or failed either way: wait for which
                    }
                }
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof InterruptedException ie) {
                    throw new InterruptedException(ie.getMessage());
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(c);
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

    /** True when {@code p} was still queued (nobody took it); it no longer is. */
    boolean withdraw(Pending p) {
        return queue.remove(p);
    }

    int size() {
        return queue.size();
    }

    /** Every start queued now, in arrival order. */
    List<Pending> takeAll() {
        List<Pending> out = new ArrayList<>();
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            out.add(p);
        }
        return out;
    }

    /**
     * The first round of {@code starts}: in arrival order, each start whose key and exclusive group no earlier member
     * has. {@code later} receives the rest, for the rounds after it.
     */
    static List<Pending> round(List<Pending> starts, List<Pending> later) {
        List<Pending> group = new ArrayList<>();
        Set<FaultKey> keys = new HashSet<>();
        Set<String> exclusive = new HashSet<>();
        for (Pending p : starts) {
            Optional<String> g = Kinds.byName(p.key.kind()).flatMap(FaultKind::exclusiveGroup);
            if (keys.contains(p.key) || g.map(exclusive::contains).orElse(false)) {
                later.add(p);
                continue;
            }
            keys.add(p.key);
            g.ifPresent(exclusive::add);
            group.add(p);
        }
        return group;
    }
}
