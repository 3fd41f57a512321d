package dev.netfault.agent.dns;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostnames in {@code Sources}: resolved to every A and AAAA address when a fault starts, then re-resolved while it runs
 * (when the shortest TTL runs out, never sooner than {@link #MIN_INTERVAL} nor later than {@link #MAX_INTERVAL}). When
 * new addresses appear they are added to a running latency or loss fault ({@link FaultService#addSources}: in place,
 * in either mode), and a blackhole is re-applied (stop, then start with the union and the time it has left); {@code GET /faults} lists the addresses applied. Addresses that disappear stay impaired
 * until the fault ends, as answers rotate.
 */
public final class HostnameSources {

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(HostnameSources.class);

    private final FaultService faults;
    private final AddressResolver resolver;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<FaultKey, Watch> watches = new ConcurrentHashMap<>();

    /** One running fault with hostnames: the fault now, its names, and the literal addresses it was given. */
    private record Watch(FaultId id, List<Hostname> names, List<Cidr> literals) {
    }

    public HostnameSources(FaultService faults, AddressResolver resolver, ScheduledExecutorService scheduler, Clock clock) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts {@code spec} (whose sources hold the literal addresses) with every address of {@code names} added, and
     * keeps the names resolved while it runs. Blocks on DNS: call it off the event loop.
     *
     * @throws IllegalArgumentException when a name has no address (400)
     */
    public ActiveFault start(FaultSpec spec, List<Hostname> names, Optional<Duration> duration) throws InterruptedException {
        List<Cidr> literals = SpecSources.sources(spec);
        LinkedHashSet<Cidr> all = new LinkedHashSet<>(literals);
        Duration next = MAX_INTERVAL;
        for (Hostname n : names) {
            AddressResolver.Resolution r = resolve(n);
            if (r.addresses().isEmpty()) {
                throw new IllegalArgumentException("Sources: '" + n + "' (expected: a hostname with A or AAAA records; it has none)");
            }
            all.addAll(r.addresses());
            next = shorter(next, r.ttl());
        }
        ActiveFault f = faults.start(SpecSources.withSources(spec, new ArrayList<>(all)), duration);
        LOG.info("fault {}: Sources {} resolved to {}", f.id(), names, all);
        Watch w = new Watch(f.id(), List.copyOf(names), literals);
        watches.put(f.key(), w);
        schedule(f.key(), next);
        return f;
    }

    private AddressResolver.Resolution resolve(Hostname n) throws InterruptedException {
        try {
            return resolver.resolve(n);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("Sources: '" + n + "' could not be resolved: " + e.getCause().getMessage());
        }
    }

    private void schedule(FaultKey key, Duration ttl) {
        Duration d = ttl.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : ttl.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : ttl;
        scheduler.schedule(() -> refresh(key), d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Re-resolves the names of one fault; re-applies it when an address is new. */
    void refresh(FaultKey key) {
        Watch w = watches.get(key);
        if (w == null) {
            return;
        }
        try {
            Optional<ActiveFault> current = current(key, w.id());
            if (current.isEmpty()) {
                watches.remove(key, w);
                return;
            }
            ActiveFault f = current.get();
            LinkedHashSet<Cidr> all = new LinkedHashSet<>(SpecSources.sources(f.spec()));
            int before = all.size();
            Duration next = MAX_INTERVAL;
            for (Hostname n : w.names()) {
                AddressResolver.Resolution r = resolver.resolve(n);
                all.addAll(r.addresses());
                next = shorter(next, r.ttl());
            }
            Duration left = Duration.between(clock.instant(), f.expiresAt());
            if (all.size() > before && left.compareTo(Duration.ofSeconds(1)) >= 0) {
                ActiveFault again;
                if (key.blackhole() == null) { // latency, loss: added to the running fault, no moment unimpaired
                    List<Cidr> added = new ArrayList<>(all);
                    added.removeAll(SpecSources.sources(f.spec()));
                    again = faults.addSources(key, added, List.of());
                    LOG.info("fault {}: Sources {} now resolve to new addresses; added {}", again.id(), w.names(), added);
                } else { // a blackhole has no add-sources: stop, then start with the union for the time left
                    FaultSpec spec = SpecSources.withSources(f.spec(), new ArrayList<>(all));
                    faults.stop(key);
                    again = faults.start(spec, Optional.of(Duration.ofSeconds(left.toSeconds())));
                    LOG.info("fault {}: Sources {} now resolve to new addresses; re-applied as fault {} with {}", f.id(),
                            w.names(), again.id(), all);
                }
                w = new Watch(again.id(), w.names(), w.literals());
                watches.put(key, w);
            }
            schedule(key, next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("fault {}: re-resolving {} failed, trying again in {} s: {}", w.id(), w.names(), MIN_INTERVAL.toSeconds(),
                    e.getMessage());
            schedule(key, MIN_INTERVAL);
        }
    }

    private Optional<ActiveFault> current(FaultKey key, FaultId id) throws InterruptedException {
        return faults.list().stream().map(FaultView::fault).filter(f -> f.key().equals(key) && f.id().equals(id)).findFirst();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
