package dev.netfault.agent.telemetry;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultListener;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.agent.faults.Renewal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's Prometheus metrics, fed by fault events and by the kernel's view at scrape time:
 * {@code netfault_faults_active{kind}}, {@code netfault_fault_starts_total{kind}},
 * {@code netfault_fault_stops_total{kind,reason}}, {@code netfault_fault_expiries_total{kind}},
 * {@code netfault_fault_failures_total{kind,phase}}, {@code netfault_fault_apply_seconds} and
 * {@code netfault_fault_revert_seconds} histograms, {@code netfault_lease_renewals_total{result}}, and {@code netfault_kernel_packets_total{id,kind,counter}}.
 */
public final class FaultMetrics implements FaultListener {

    /** The kinds every gauge reports, so a dashboard sees 0 rather than no series. */
    public static final List<String> KINDS = Kinds.ALL.stream().map(FaultKind::name).toList();

    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();
    private final Map<List<String>, AtomicLong> packets = new ConcurrentHashMap<>();
    private final Map<List<String>, Meter> packetMeters = new ConcurrentHashMap<>();

    public FaultMetrics() {
        for (String kind : KINDS) {
            AtomicLong n = active.computeIfAbsent(kind, k -> new AtomicLong());
            Gauge.builder("netfault.faults.active", n, AtomicLong::doubleValue)
                    .description("Faults active now, by kind").tag("kind", kind).register(registry);
            starts(kind);
            expiries(kind);
            timer("netfault.fault.apply", "Time to apply a fault in the kernel", kind);
            timer("netfault.fault.revert", "Time to revert a fault from the kernel", kind);
        }
        List.of("ok", "retried", "failed").forEach(this::renewals);
    }

    /** {@code netfault_lease_renewals_total{result}}: one per renewal of every live fault's lease. */
    private Counter renewals(String result) {
        return Counter.builder("netfault.lease.renewals")
                .description("Renewals of every live fault's lease: ok, retried (fault by fault, all renewed) or failed")
                .tag("result", result).register(registry);
    }

    @Override
    public void renewed(Renewal renewal, Duration took) {
        if (renewal.faults() > 0) {
            renewals(renewal.result()).increment();
        }
    }

    private Counter starts(String kind) {
        return Counter.builder("netfault.fault.starts").description("Faults started").tag("kind", kind).register(registry);
    }

    private Counter expiries(String kind) {
        return Counter.builder("netfault.fault.expiries").description("Faults reverted at their expiry")
                .tag("kind", kind).register(registry);
    }

    private Timer timer(String name, String description, String kind) {
        return Timer.builder(name).description(description).tag("kind", kind)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    @Override
    public void started(ActiveFault fault, List<String> commands, Duration applyTime) {
        String kind = fault.key().kind();
        starts(kind).increment();
        active.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        timer("netfault.fault.apply", "Time to apply a fault in the kernel", kind).record(applyTime);
    }

    @Override
    public void stopped(ActiveFault fault, String reason, List<String> commands, Duration revertTime) {
        String kind = fault.key().kind();
        Counter.builder("netfault.fault.stops").description("Faults stopped, by reason")
                .tag("kind", kind).tag("reason", reason).register(registry).increment();
        if (reason.equals("expired")) {
            expiries(kind).increment();
        }
        active.computeIfAbsent(kind, k -> new AtomicLong()).updateAndGet(n -> Math.max(0, n - 1));
        timer("netfault.fault.revert", "Time to revert a fault from the kernel", kind).record(revertTime);
    }

    @Override
    public void failed(FaultKey key, String phase, String message) {
        Counter.builder("netfault.fault.failures").description("Fault operations that failed, by phase")
                .tag("kind", key.kind()).tag("phase", phase).register(registry).increment();
    }

    /**
     * Updates the gauges and kernel packet counters from what the kernel holds now, then renders every metric in
     * the Prometheus text format. Series of faults no longer active are removed.
     */
    public synchronized String scrape(List<FaultView> views) {
        Map<String, Long> counts = new HashMap<>();
        Set<List<String>> seen = new HashSet<>();
        for (FaultView v : views) {
            String kind = v.fault().key().kind();
            counts.merge(kind, 1L, Long::sum);
            for (Map.Entry<String, Long> c : v.counters().entrySet()) {
                List<String> id = List.of(v.fault().id().value(), kind, c.getKey());
                seen.add(id);
                packets.computeIfAbsent(id, this::registerPackets).set(c.getValue());
            }
        }
        active.forEach((kind, n) -> n.set(counts.getOrDefault(kind, 0L)));
        for (List<String> id : List.copyOf(packetMeters.keySet())) {
            if (!seen.contains(id)) {
                registry.remove(packetMeters.remove(id));
                packets.remove(id);
            }
        }
        return registry.scrape();
    }

    private AtomicLong registerPackets(List<String> id) {
        AtomicLong value = new AtomicLong();
        Meter m = FunctionCounter.builder("netfault.kernel.packets", value, AtomicLong::doubleValue)
                .description("Packets the kernel dropped or delayed for a fault, read back at scrape time")
                .tag("id", id.get(0)).tag("kind", id.get(1)).tag("counter", id.get(2)).register(registry);
        packetMeters.put(id, m);
        return value;
    }
}
