package dev.netfault.bridge.impairment;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.facts;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;

/** One netem with every impairment asked for, in the tc slot latency and netem loss use. */
class ImpairmentPlannerTest {

    private final ImpairmentPlanner planner = new ImpairmentPlanner();

    private static ImpairmentSpec spec(long delay, long jitter, int loss, int corrupt, int dup, int reorder) {
        return spec(delay, jitter, loss, corrupt, dup, reorder, Targeting.all());
    }

    private static ImpairmentSpec spec(long delay, long jitter, int loss, int corrupt, int dup, int reorder,
                                       Targeting t) {
        return new ImpairmentSpec(delay, jitter, 0, Distribution.NONE, loss, LossModel.RANDOM, 0, corrupt, dup, reorder,
                t);
    }

    private static String netem(ImpairmentSpec spec) {
        return ImpairmentPlanner.netem(spec, LatencyPlanner.limit(spec.delayMs(), spec.jitterMs()));
    }

    @Test
    void netem_eachImpairmentAlone() {
        assertThat(netem(spec(100, 0, 0, 0, 0, 0))).isEqualTo("limit 10000 delay 100ms 0ms");
        assertThat(netem(spec(0, 3, 0, 0, 0, 0))).isEqualTo("limit 1200 delay 0ms 3ms");
        assertThat(netem(spec(0, 0, 20, 0, 0, 0))).isEqualTo("limit 1000 loss random 20%");
        assertThat(netem(spec(0, 0, 0, 10, 0, 0))).isEqualTo("limit 1000 corrupt 10%");
        assertThat(netem(spec(0, 0, 0, 0, 10, 0))).isEqualTo("limit 1000 duplicate 10%");
        assertThat(netem(spec(20, 0, 0, 0, 0, 25))).isEqualTo("limit 2000 delay 20ms 0ms reorder 25%");
    }

    @Test
    void netem_delayPartIsLatencysWithCorrelationAndDistribution() {
        ImpairmentSpec s = new ImpairmentSpec(200, 50, 25, Distribution.NORMAL, 0, LossModel.RANDOM, 0, 1, 0, 0,
                Targeting.all());
        assertThat(netem(s)).isEqualTo("limit 40000 delay 200ms 50ms 25% distribution normal corrupt 1%");
        assertThat(netem(s)).startsWith(LatencyPlanner.netem(new LatencySpec(200, 50, 25, Distribution.NORMAL,
                Targeting.all()), 40_000));
        ImpairmentSpec uniform = new ImpairmentSpec(10, 5, 0, Distribution.UNIFORM, 0, LossModel.RANDOM, 0, 0, 2, 0,
                Targeting.all());
        assertThat(netem(uniform)).isEqualTo("limit 3000 delay 10ms 5ms duplicate 2%");
    }

    @Test
    void netem_burstLossIsLossPlannersGilbertElliottChain() {
        ImpairmentSpec s = new ImpairmentSpec(50, 0, 0, Distribution.NONE, 20, LossModel.BURST, 5, 0, 0, 0,
                Targeting.all());
        assertThat(netem(s)).isEqualTo("limit 5000 delay 50ms 0ms loss gemodel 5% 20% 100% 0%");
        ImpairmentSpec thirds = new ImpairmentSpec(0, 0, 0, Distribution.NONE, 10, LossModel.BURST, 3, 0, 0, 0,
                Targeting.all());
        assertThat(netem(thirds)).isEqualTo("limit 1000 loss gemodel 3.7037% 33.3333% 100% 0%");
    }

    @Test
    void netem_everythingAtOnceInNetemsOrder() {
        ImpairmentSpec s = new ImpairmentSpec(50, 10, 30, Distribution.PARETO, 5, LossModel.RANDOM, 0, 1, 2, 3,
                Targeting.all());
        assertThat(netem(s)).isEqualTo("limit 9000 delay 50ms 10ms 30% distribution pareto loss random 5% corrupt 1% "
                + "duplicate 2% reorder 3%");
        assertThat(netem(spec(50, 0, 5, 0, 5, 0))).isEqualTo("limit 5000 delay 50ms 0ms loss random 5% duplicate 5%");
    }

    @Test
    void plan_egressIsLatencysTreeAndLeasedPriorityRuleWithTheCombinedNetem() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24")).withInterface(InterfaceName.of("eth0"));
        Plan plan = planner.plan(ID, new ImpairmentSpec(50, 0, 0, Distribution.NONE, 5, LossModel.RANDOM, 0, 0, 5, 0, t),
                twoLinks(Capabilities.full()), CONTEXT);
        Plan latency = new LatencyPlanner().plan(ID, new LatencySpec(50, 0, 0, Distribution.NONE, t),
                twoLinks(Capabilities.full()), CONTEXT);

        assertThat(lines(plan.apply())).hasSize(2);
        assertThat(lines(plan.apply()).get(0)).isEqualTo("tc -batch -\n"
                + "qdisc add dev eth0 root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n"
                + "qdisc add dev eth0 parent 4e46:1 handle 4e47: netem limit 5000 delay 50ms 0ms loss random 5% "
                + "duplicate 5%\n");
        assertThat(lines(plan.apply()).get(1)).isEqualTo(lines(latency.apply()).get(1)).contains(
                "counter meta priority set 4e46:1");
        assertThat(lines(plan.revert())).isEqualTo(lines(latency.revert()));
        assertThat(plan.mechanism()).isEqualTo("tc prio+netem, nft priority").isEqualTo(latency.mechanism());
        assertThat(plan.notes()).isEqualTo(latency.notes());
        assertThat(plan.kind()).isEqualTo("impairment");
        assertThat(plan.interfaces()).containsExactly("eth0");
        assertThat(lines(plan.lease().renew())).isEqualTo(lines(latency.lease().renew()));
    }

    @Test
    void plan_ingressRedirectsToAnIfbGatedByTheIpsetLease() {
        Targeting t = Targeting.all().withDirection(Direction.INGRESS).withSources(cidrs("198.51.100.2/32"));
        Plan plan = planner.plan(ID, spec(20, 0, 0, 10, 0, 25, t), twoLinks(Capabilities.full()), CONTEXT);

        assertThat(plan.mechanism()).isEqualTo("ifb ingress redirect (ipset lease) + tc prio+netem");
        assertThat(plan.lease().renew()).extracting(Command::line).containsExactly("ipset restore -exist");
        assertThat(plan.apply().get(plan.apply().size() - 1).stdin()).contains(
                "qdisc add dev nf1a2b3c4di parent 4e46:1 handle 4e47: netem limit 2000 delay 20ms 0ms corrupt 10% "
                        + "reorder 25%\n");
    }

    @Test
    void plan_burstLossAndACappedQueueAreNoted() {
        Plan plan = planner.plan(ID, new ImpairmentSpec(60_000, 0, 0, Distribution.NONE, 20, LossModel.BURST, 5, 0, 0,
                0, Targeting.all()), twoLinks(Capabilities.full()), CONTEXT);

        assertThat(plan.notes()).startsWith("netem queue capped at 1000000 packets: traffic above 16 packets per ms is "
                + "dropped while delayed", "burst loss: Gilbert-Elliott chain, mean burst 5 packets, long-run loss 20%");
    }

    @Test
    void plan_withoutNetemIsRefusedAsLatencyIs() {
        assertThatThrownBy(() -> planner.plan(ID, spec(0, 0, 0, 0, 10, 0),
                twoLinks(without(Capabilities.full(), Feature.NETEM)), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("impairment needs sch_netem, which this kernel lacks (Error: Specified qdisc kind is "
                        + "unknown.); load it (modprobe sch_netem) or use a kernel that has it; `netfault doctor` shows "
                        + "what is available");
    }

    @Test
    void plan_refusedWhileLatencyOrNetemLossHoldsTheTcSlot() {
        assertThatThrownBy(() -> planner.plan(ID, spec(50, 0, 0, 0, 5, 0),
                facts(Capabilities.full(), Link.of("eth0", new RootQdisc("prio", "4e46:"))), CONTEXT))
                .isInstanceOf(SlotTakenException.class)
                .hasMessage("a netfault tc fault is already active on eth0 (root qdisc prio 4e46:); stop it first");
    }

    @Test
    void faultPlanner_dispatchesImpairment() {
        Plan plan = new FaultPlanner().plan(ID, spec(0, 0, 0, 0, 10, 0), twoLinks(Capabilities.full()), CONTEXT);
        assertThat(plan.kind()).isEqualTo("impairment");
        assertThat(plan.apply().get(0).stdin()).contains("netem limit 1000 duplicate 10%\n");
    }
}
