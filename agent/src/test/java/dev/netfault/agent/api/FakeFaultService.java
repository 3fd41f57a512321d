package dev.netfault.agent.api;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.ConflictException;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultListener;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.agent.faults.MaxDuration;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.NotRunningException;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An in-memory lifecycle with the ECS agent's rules (latency and loss exclude each other with the ECS messages,
 * blackholes are idempotent, stopping nothing is fine), recording every call. {@code failNext} makes the next call
 * throw; {@code delay} makes every call block.
 */
final class FakeFaultService implements FaultService {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<FaultSpec> started = new CopyOnWriteArrayList<>();
    final List<Optional<Duration>> durations = new CopyOnWriteArrayList<>();
    private final Map<FaultKey, ActiveFault> active = new LinkedHashMap<>();
    private final Map<FaultKey, Map<String, Long>> counters = new LinkedHashMap<>();
    private final FaultListener listener;
    volatile Supplier<RuntimeException> failNext;
    volatile Duration delay = Duration.ZERO;
    /** When set, faults started from now on are unleased for this reason; otherwise leased for 15 s from T0. */
    volatile String unleased;
    private int ids;

    FakeFaultService() {
        this(new FaultListener() { });
    }

    FakeFaultService(FaultListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized ActiveFault start(FaultSpec spec, Optional<Duration> duration) throws InterruptedException {
        calls.add("start " + spec.kind());
        block();
        FaultKey key = FaultKey.of(spec);
        if (active.containsKey(key) && key.blackhole() != null) {
            return active.get(key);
        }
        if (key.blackhole() == null && active.containsKey(FaultKey.latency())) {
            throw new ConflictException("There is already one network latency fault running");
        }
        if (key.blackhole() == null && active.containsKey(FaultKey.loss())) {
            throw new ConflictException("There is already one network packet loss fault running");
        }
        started.add(spec);
        durations.add(duration);
        Instant end = T0.plus(duration.orElse(MaxDuration.VALUE));
        ActiveFault f = new ActiveFault(new FaultId(String.format("%08x", ++ids)), key, spec, T0, end,
                key.blackhole() == null ? "netem" : "iptables", List.of("eth0"), Optional.ofNullable(unleased));
        active.put(key, f);
        counters.put(key, Map.of(key.blackhole() == null ? "packetsDelayed" : "packetsDropped", 42L * ids));
        listener.started(f, List.of("tc qdisc add dev eth0 root handle 1: prio"), Duration.ofMillis(3));
        listener.verified(f);
        return f;
    }

    @Override
    public synchronized boolean stop(FaultKey key) throws InterruptedException {
        calls.add("stop " + key);
        block();
        ActiveFault f = active.remove(key);
        if (f != null) {
            listener.stopped(f, "stopped", List.of("tc qdisc del dev eth0 root"), Duration.ofMillis(2));
        }
        return f != null;
    }

    @Override
    public synchronized ActiveFault addSources(FaultKey key, List<Cidr> sources, List<Cidr> exemptions)
            throws InterruptedException {
        calls.add("addSources " + key + " " + sources + " " + exemptions);
        block();
        ActiveFault f = active.get(key);
        if (f == null) {
            throw new NotRunningException(key);
        }
        return f;
    }

    @Override
    public synchronized boolean running(FaultKey key) throws InterruptedException {
        calls.add("running " + key);
        block();
        return active.containsKey(key);
    }

    @Override
    public synchronized List<FaultView> list() throws InterruptedException {
        calls.add("list");
        block();
        List<FaultView> out = new ArrayList<>();
        active.forEach((k, f) -> out.add(new FaultView(f, true, counters.get(k),
                f.unleasedReason().isPresent() ? Optional.empty() : Optional.of(T0.plusSeconds(15)), f.unleasedReason())));
        return out;
    }

    @Override
    public synchronized List<ActiveFault> stopAll() throws InterruptedException {
        calls.add("stopAll");
        block();
        List<ActiveFault> out = new ArrayList<>(active.values());
        active.clear();
        return out;
    }

    @Override
    public Health health() {
        calls.add("health");
        return new Health("kernel", "NET_ADMIN present", Map.of("latency", "latency needs sch_netem, which this kernel lacks",
                "loss", "", "blackhole", ""), Map.of("loss", "nftables", "blackhole", "iptables"),
                Map.of("blackhole", "no lease without nftables"), "3000 ms lease, renewed every 1000 ms");
    }

    /** Calls that could change the kernel: start, stop, stopAll. */
    List<String> changes() {
        return calls.stream().filter(c -> c.startsWith("start") || c.startsWith("stop")).toList();
    }

    private void block() throws InterruptedException {
        Supplier<RuntimeException> f = failNext;
        if (f != null) {
            failNext = null;
            throw f.get();
        }
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
    }
}
