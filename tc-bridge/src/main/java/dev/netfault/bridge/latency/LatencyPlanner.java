package dev.netfault.bridge.latency;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.KindPlanner;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.tc.NetemFault;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans latency: {@code netem limit L delay Dms Jms [C%] [distribution d]} under the ECS tc layout
 * ({@link NetemFault}). Only netem can hold packets, so without sch_netem latency is refused with what is missing and
 * what to do.
 *
 * <p>The queue limit is sized for the delay: netem holds every packet for the delay, so its default limit of 1000
 * packets drops traffic above 1000 packets per delay (ChaosBlade users hit exactly this). netfault allows
 * {@value #PACKETS_PER_MS} packets per millisecond of worst-case hold time {@code delay + 4 * jitter} (1 Gbit/s of
 * 1500-byte packets is ~83 per ms), at least {@value #MIN_LIMIT} and at most {@value #MAX_LIMIT} packets.
 *
 * <p>{@link Distribution#UNIFORM} is netem's own shape for jitter; iproute2 ships no table for it, so it adds no
 * {@code distribution} argument.
 */
public final class LatencyPlanner implements KindPlanner<LatencySpec> {

    @Override
    public Class<LatencySpec> spec() {
        return LatencySpec.class;
    }

    public static final long PACKETS_PER_MS = 100;
    public static final long MIN_LIMIT = 1_000;
    public static final long MAX_LIMIT = 1_000_000;

    @Override
    public Plan plan(FaultId id, LatencySpec spec, NamespaceFacts facts, PlanContext context) {
        Capabilities caps = facts.capabilities();
        if (!caps.has(Feature.NETEM)) {
            throw new UnsupportedFaultException("latency needs sch_netem, which this kernel lacks ("
                    + caps.reason(Feature.NETEM) + "); load it (modprobe sch_netem) or use a kernel that has it; "
                    + "`netfault doctor` shows what is available");
        }
        List<Link> targets = facts.targets(spec.targeting().iface());
        Scope scope = Scope.of(spec.targeting(), context);
        List<String> notes = new ArrayList<>();
        long limit = limit(spec.delayMs(), spec.jitterMs());
        if (limit == MAX_LIMIT) {
            notes.add("netem queue capped at " + MAX_LIMIT + " packets: traffic above " + (MAX_LIMIT / Math.max(1,
                    spec.delayMs() + 4 * spec.jitterMs())) + " packets per ms is dropped while delayed");
        }
        return NetemFault.plan(id, spec.kind(), scope, facts, targets, netem(spec, limit), notes, context.lease());
    }

    /** The netem arguments, e.g. {@code limit 30000 delay 100ms 50ms 25% distribution normal}. */
    public static String netem(LatencySpec spec, long limit) {
        StringBuilder sb = new StringBuilder("limit ").append(limit).append(" delay ").append(spec.delayMs())
                .append("ms ").append(spec.jitterMs()).append("ms");
        if (spec.correlationPercent() > 0) {
            sb.append(' ').append(spec.correlationPercent()).append('%');
        }
        if (spec.distribution() != Distribution.NONE && spec.distribution() != Distribution.UNIFORM) {
            sb.append(" distribution ").append(spec.distribution().wire());
        }
        return sb.toString();
    }

    /** (delay + 4 * jitter) ms x 100 packets/ms, clamped to 1,000-1,000,000. */
    public static long limit(long delayMs, long jitterMs) {
        return Math.max(MIN_LIMIT, Math.min(MAX_LIMIT, (delayMs + 4 * jitterMs) * PACKETS_PER_MS));
    }
}
