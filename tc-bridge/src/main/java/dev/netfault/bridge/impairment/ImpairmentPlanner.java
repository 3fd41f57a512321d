package dev.netfault.bridge.impairment;

import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossPlanner;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.KindPlanner;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.tc.NetemFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans an impairment: one netem with every impairment the spec asks for, e.g.
 * {@code netem limit 5000 delay 50ms 0ms loss random 5% duplicate 5%}, under the ECS tc layout ({@link NetemFault}),
 * in the same tc slot as latency and netem loss, so one namespace holds one of the three at a time.
 *
 * <p>The delay part and the queue limit are latency's ({@link LatencyPlanner#netem}, {@link LatencyPlanner#limit}), the
 * loss part is packet loss's ({@link LossPlanner#netem}: {@code loss random P%}, or the Gilbert-Elliott chain for
 * bursts); then {@code corrupt P%} (one bit flipped in the packet), {@code duplicate P%} and {@code reorder P%} (sent
 * at once instead of after the delay, which is why it needs one). Only netem does these, so without sch_netem an
 * impairment is refused with what is missing and what to do.
 */
public final class ImpairmentPlanner implements KindPlanner<ImpairmentSpec> {

    @Override
    public Class<ImpairmentSpec> spec() {
        return ImpairmentSpec.class;
    }

    @Override
    public Plan plan(FaultId id, ImpairmentSpec spec, NamespaceFacts facts, PlanContext context) {
        Capabilities caps = facts.capabilities();
        if (!caps.has(Feature.NETEM)) {
            throw new UnsupportedFaultException("impairment needs sch_netem, which this kernel lacks ("
                    + caps.reason(Feature.NETEM) + "); load it (modprobe sch_netem) or use a kernel that has it; "
                    + "`netfault doctor` shows what is available");
        }
        List<Link> targets = facts.targets(spec.targeting().iface());
        Scope scope = Scope.of(spec.targeting(), context);
        List<String> notes = new ArrayList<>();
        long limit = LatencyPlanner.limit(spec.delayMs(), spec.jitterMs());
        if (limit == LatencyPlanner.MAX_LIMIT) {
            notes.add("netem queue capped at " + LatencyPlanner.MAX_LIMIT + " packets: traffic above "
                    + (LatencyPlanner.MAX_LIMIT / Math.max(1, spec.delayMs() + 4 * spec.jitterMs()))
                    + " packets per ms is dropped while delayed");
        }
        loss(spec).ifPresent(l -> notes.addAll(LossPlanner.notes(l)));
        return NetemFault.plan(id, spec.kind(), scope, facts, targets, netem(spec, limit), notes, context.lease());
    }

    /** The netem arguments, e.g. {@code limit 2000 delay 20ms 0ms reorder 25%}. */
    static String netem(ImpairmentSpec spec, long limit) {
        boolean delayed = spec.delayMs() > 0 || spec.jitterMs() > 0;
        StringBuilder sb = new StringBuilder(delayed ? LatencyPlanner.netem(new LatencySpec(spec.delayMs(),
                spec.jitterMs(), spec.correlationPercent(), spec.distribution(), spec.targeting()), limit)
                : "limit " + limit);
        loss(spec).ifPresent(l -> sb.append(' ').append(LossPlanner.netem(l)));
        percent(sb, "corrupt", spec.corruptPercent());
        percent(sb, "duplicate", spec.duplicatePercent());
        percent(sb, "reorder", spec.reorderPercent());
        return sb.toString();
    }

    private static Optional<LossSpec> loss(ImpairmentSpec spec) {
        return spec.lossPercent() == 0 ? Optional.empty() : Optional.of(
                new LossSpec(spec.lossPercent(), spec.lossModel(), spec.meanBurstPackets(), spec.targeting()));
    }

    private static void percent(StringBuilder sb, String what, int percent) {
        if (percent > 0) {
            sb.append(' ').append(what).append(' ').append(percent).append('%');
        }
    }
}
