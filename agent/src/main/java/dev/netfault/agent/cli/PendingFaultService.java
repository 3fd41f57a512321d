package dev.netfault.agent.cli;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.agent.faults.Health;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The lifecycle while it is still starting (probing the kernel, reconciling the journal): lets the HTTP server bind
 * and answer {@code /healthz} at once ({@link Health#starting}: the decided mode, no kind known yet), and makes every
 * other request wait for it (within the request deadline) instead of failing.
 */
final class PendingFaultService implements FaultService {

    private final CompletableFuture<? extends FaultService> ready;
    private final Health starting;

    PendingFaultService(CompletableFuture<? extends FaultService> ready, String mode, String modeReason) {
        this.ready = ready;
        this.starting = Health.starting(mode, modeReason);
    }

    private FaultService get() throws InterruptedException {
        try {
            return ready.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the fault lifecycle failed to start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public ActiveFault start(FaultSpec spec, Optional<Duration> duration) throws InterruptedException {
        return get().start(spec, duration);
    }

    @Override
    public boolean stop(FaultKey key) throws InterruptedException {
        return get().stop(key);
    }

    @Override
    public ActiveFault addSources(FaultKey key, List<Cidr> sources, List<Cidr> exemptions) throws InterruptedException {
        return get().addSources(key, sources, exemptions);
    }

    @Override
    public boolean running(FaultKey key) throws InterruptedException {
        return get().running(key);
    }

    @Override
    public List<FaultView> list() throws InterruptedException {
        return get().list();
    }

    @Override
    public List<ActiveFault> stopAll() throws InterruptedException {
        return get().stopAll();
    }

    /** {@link Health#starting} while the lifecycle starts; its health once started; an error if it failed. */
    @Override
    public Health health() {
        if (!ready.isDone()) {
            return starting;
        }
        try {
            return get().health();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fault lifecycle starts", e);
        }
    }
}
