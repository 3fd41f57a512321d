package dev.netfault.bridge.loss;

import dev.netfault.bridge.nft.NetdevTable;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.KindPlanner;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.tc.NetemFault;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Plans packet loss. With sch_netem: the ECS tc layout ({@link NetemFault}) with {@code netem loss random P%}, or for
 * bursts {@code netem loss gemodel p r 100% 0%}: a Gilbert-Elliott chain whose bad state drops every packet and whose
 * good state drops none. With r the chance to leave the bad state and p the chance to enter it, a burst lasts
 * {@code 1/r} packets on average and the chain is in the bad state a fraction {@code p/(p+r)} of the time, which is
 * the long-run loss L. So {@code r = 1/meanBurst} and {@code p = r*L/(1-L)}; p stays at most 1 exactly when
 * {@code L <= meanBurst/(meanBurst+1)} (checked by {@link LossSpec}).
 *
 * <p>Without sch_netem, random loss is dropped silently in the nftables netdev hook ({@code egress}, or
 * {@code ingress} for ingress loss) with {@code numgen random mod 100 < P}; a share of flows is picked with
 * {@code symhash mod 100 < F}. The agent's control port is exempt. Burst loss has no such fallback.
 */
public final class LossPlanner implements KindPlanner<LossSpec> {

    @Override
    public Class<LossSpec> spec() {
        return LossSpec.class;
    }

    @Override
    public Plan plan(FaultId id, LossSpec spec, NamespaceFacts facts, PlanContext context) {
        List<Link> targets = facts.targets(spec.targeting().iface());
        Scope scope = Scope.of(spec.targeting(), context);
        Capabilities caps = facts.capabilities();
        if (caps.has(Feature.NETEM)) {
            return NetemFault.plan(id, spec.kind(), scope, facts, targets, netem(spec), notes(spec), context.lease());
        }
        if (spec.model() == LossModel.BURST) {
            throw new UnsupportedFaultException("burst loss needs sch_netem, which this kernel lacks ("
                    + caps.reason(Feature.NETEM) + "); load it (modprobe sch_netem), use a kernel that has it, or use "
                    + "lossModel random; `netfault doctor` shows what is available");
        }
        boolean egress = scope.direction() == Direction.EGRESS;
        if (!caps.has(Feature.NFTABLES) || (egress && !caps.has(Feature.NFT_EGRESS_HOOK))) {
            throw new UnsupportedFaultException("loss needs sch_netem (" + caps.reason(Feature.NETEM)
                    + ") or the nftables netdev " + (egress ? "egress" : "ingress") + " hook ("
                    + (caps.has(Feature.NFTABLES) ? caps.reason(Feature.NFT_EGRESS_HOOK) : "nft: " + caps.reason(Feature.NFTABLES))
                    + "); load sch_netem, install nftables on a 5.16+ kernel, or run `netfault doctor`");
        }
        List<String> returns = new ArrayList<>();
        if (scope.controlPort() != 0) {
            returns.add("tcp " + (egress ? "sport " : "dport ") + scope.controlPort() + " return");
        }
        if (scope.ipv6()) {
            // Neighbour discovery is how IPv6 finds the next hop (ARP, for IPv4, is not IP and never matches):
            // dropping it would cut every address off, exempt ones included, not impair a share of packets.
            returns.add(ND_RETURN);
        }
        String flows = scope.flowsPercent() < 100 ? "symhash mod 100 < " + scope.flowsPercent() + " " : "";
        // nft refuses "mod 100 < 100" (the right side must fit 0-99): 100% loss is simply no numgen match
        String random = spec.lossPercent() == 100 ? "" : "numgen random mod 100 < " + spec.lossPercent();
        NetdevTable table = new NetdevTable(id, scope, returns, (flows + random).strip(), context.lease());
        List<String> notes = new ArrayList<>();
        notes.add("sch_netem is unavailable (" + caps.reason(Feature.NETEM) + "): random loss is dropped in the nftables "
                + "netdev " + table.hook() + " hook (numgen random), silently for the sender; it stops at "
                + scope.nftExpiry() + " UTC (meta time), or " + context.lease().toMillis() + " ms after the agent's last "
                + "renewal of its lease, even if not reverted");
        if (!flows.isEmpty()) {
            notes.add("flowsPercent " + scope.flowsPercent() + ": flows are picked by a symmetric hash of their addresses "
                    + "and ports (symhash)");
        }
        return new Plan(id, spec.kind(), "nftables netdev " + table.hook() + " numgen",
                targets.stream().map(l -> l.name().value()).toList(), EnumSet.of(Touches.NFTABLES),
                List.of(table.apply(targets)),
                List.of(table.verify(targets)), List.of(table.revert()), notes, table.nftLease().lease());
    }

    /**
     * netem's loss arguments for {@code spec}: {@code loss random 20%}, or for bursts the Gilbert-Elliott chain
     * {@code loss gemodel p% r% 100% 0%} derived above. The impairment kind puts them in its own netem.
     */
    public static String netem(LossSpec spec) {
        return spec.model() == LossModel.RANDOM ? "loss random " + spec.lossPercent() + "%"
                : "loss gemodel " + percent(goodToBad(spec)) + "% " + percent(badToGood(spec)) + "% 100% 0%";
    }

    /** What a plan with {@link #netem(LossSpec)} says about its loss: nothing for random loss. */
    public static List<String> notes(LossSpec spec) {
        return spec.model() == LossModel.RANDOM ? List.of()
                : List.of("burst loss: Gilbert-Elliott chain, mean burst " + spec.meanBurstPackets()
                        + " packets, long-run loss " + spec.lossPercent() + "%");
    }

    static final String ND_RETURN = "icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, "
            + "nd-neighbor-advert, nd-redirect } return";

    /** r in percent: 100 / meanBurst. */
    static BigDecimal badToGood(LossSpec spec) {
        return BigDecimal.valueOf(100).divide(BigDecimal.valueOf(spec.meanBurstPackets()), 4, RoundingMode.HALF_UP);
    }

    /** p in percent: 100 * L / (meanBurst * (100 - L)), with L in percent. */
    static BigDecimal goodToBad(LossSpec spec) {
        return BigDecimal.valueOf(100L * spec.lossPercent())
                .divide(BigDecimal.valueOf((long) spec.meanBurstPackets() * (100 - spec.lossPercent())), 4, RoundingMode.HALF_UP);
    }

    private static String percent(BigDecimal b) {
        return b.stripTrailingZeros().toPlainString();
    }
}
