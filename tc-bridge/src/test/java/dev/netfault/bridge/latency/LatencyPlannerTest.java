package dev.netfault.bridge.latency;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;

/** Egress classified by tc u32 filters: the fallback without the nft egress hook (unleased). */
class LatencyPlannerTest {

    private static final Capabilities U32 = without(Capabilities.full(), Feature.NFT_EGRESS_HOOK);

    private final LatencyPlanner planner = new LatencyPlanner();

    private Plan plan(LatencySpec spec) {
        return planner.plan(ID, spec, twoLinks(U32), CONTEXT);
    }

    private static String netemLine(Plan plan) {
        return plan.apply().get(plan.apply().size() - 1).stdin().lines().filter(l -> l.contains(" netem ")).findFirst().orElseThrow();
    }

    @Test
    void plan_egressLatencyOnOneInterfaceIsExact() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24")).withInterface(InterfaceName.of("eth0"));
        Plan plan = plan(new LatencySpec(100, 10, 0, Distribution.NONE, t));
        String f = "filter add dev eth0 parent 4e46: protocol ip prio 1 u32 match ip ";

        assertThat(lines(plan.apply())).containsExactly("tc -batch -\n"
                + "qdisc add dev eth0 root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n"
                + "qdisc add dev eth0 parent 4e46:1 handle 4e47: netem limit 14000 delay 100ms 10ms\n"
                + f + "dst 169.254.170.2/32 flowid 4e46:3\n" + f + "dst 169.254.169.254/32 flowid 4e46:3\n"
                + f + "dst 127.0.0.0/8 flowid 4e46:3\n" + f + "sport 51680 0xffff flowid 4e46:3\n"
                + "filter add dev eth0 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.0/24 flowid 4e46:1\n");
        assertThat(lines(plan.revert())).containsExactly("tc qdisc del dev eth0 root handle 4e46:");
        assertThat(plan.verify()).singleElement().satisfies(c -> assertThat(c.command().line())
                .isEqualTo("tc -j qdisc show dev eth0"));
        assertThat(plan.mechanism()).isEqualTo("tc prio+netem");
        assertThat(plan.kind()).isEqualTo("latency");
        assertThat(plan.interfaces()).containsExactly("eth0");
    }

    @Test
    void plan_latencyWithCorrelationAndDistribution() {
        assertThat(netemLine(plan(new LatencySpec(200, 50, 25, Distribution.NORMAL, Targeting.all()))))
                .isEqualTo("qdisc add dev eth0 parent 4e46:1 handle 4e47: netem limit 40000 delay 200ms 50ms 25% distribution normal");
        assertThat(netemLine(plan(new LatencySpec(200, 50, 0, Distribution.PARETONORMAL, Targeting.all()))))
                .endsWith("netem limit 40000 delay 200ms 50ms distribution paretonormal");
        assertThat(netemLine(plan(new LatencySpec(200, 50, 0, Distribution.PARETO, Targeting.all()))))
                .endsWith("netem limit 40000 delay 200ms 50ms distribution pareto");
    }

    @Test
    void plan_uniformDistributionIsNetemsDefaultShape() {
        assertThat(netemLine(plan(new LatencySpec(10, 5, 0, Distribution.UNIFORM, Targeting.all()))))
                .endsWith("netem limit 3000 delay 10ms 5ms");
    }

    @Test
    void plan_jitterOnlyLatency() {
        assertThat(netemLine(plan(new LatencySpec(0, 3, 10, Distribution.NONE, Targeting.all()))))
                .endsWith("netem limit 1200 delay 0ms 3ms 10%");
    }

    @Test
    void limit_isSizedForTheDelayAndClamped() {
        assertThat(LatencyPlanner.limit(1, 0)).isEqualTo(1_000);
        assertThat(LatencyPlanner.limit(100, 10)).isEqualTo(14_000);
        assertThat(LatencyPlanner.limit(60_000, 0)).isEqualTo(1_000_000);
    }

    @Test
    void plan_hugeDelaySaysTheQueueIsCapped() {
        Plan plan = plan(new LatencySpec(20_000, 0, 0, Distribution.NONE, Targeting.all()));

        assertThat(netemLine(plan)).endsWith("netem limit 1000000 delay 20000ms 0ms");
        assertThat(plan.notes()).containsExactly(
                "netem queue capped at 1000000 packets: traffic above 50 packets per ms is dropped while delayed");
    }

    @Test
    void plan_ingressLatencyUsesTheIfb() {
        Plan plan = plan(new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all().withDirection(Direction.INGRESS)));

        assertThat(lines(plan.apply()).subList(1, 3)).containsExactly("ip link add nf1a2b3c4di type ifb", "ip link set nf1a2b3c4di up");
        assertThat(plan.apply().get(0).line()).isEqualTo("ipset restore");
        assertThat(netemLine(plan)).isEqualTo("qdisc add dev nf1a2b3c4di parent 4e46:1 handle 4e47: netem limit 10000 delay 100ms 0ms");
        assertThat(plan.mechanism()).isEqualTo("ifb ingress redirect (ipset lease) + tc prio+netem");
        assertThat(plan.lease().leased()).isTrue();
    }

    @Test
    void plan_latencyOfSomeFlowsUsesHtbSampling() {
        Plan plan = plan(new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all().withFlowsPercent(30)));

        assertThat(plan.mechanism()).isEqualTo("tc htb+flow+netem");
        assertThat(plan.apply().get(0).stdin()).contains("class add dev eth0 parent 4e46:2 classid 4e46:11e htb")
                .doesNotContain("classid 4e46:11d ").contains("class add dev eth0 parent 4e46:2 classid 4e46:163 htb");
    }

    @Test
    void plan_latencyWithoutNetemIsUnsupported() {
        assertThatThrownBy(() -> planner.plan(ID, new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()),
                twoLinks(Capabilities.withoutNetem()), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("latency needs sch_netem, which this kernel lacks (Error: Specified qdisc kind is unknown.); "
                        + "load it (modprobe sch_netem) or use a kernel that has it; `netfault doctor` shows what is available");
    }

    @Test
    void plan_latencyWithNetemButNoPrioUsesHtb() {
        Plan plan = planner.plan(ID, new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()),
                twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK, Feature.PRIO)), CONTEXT);

        assertThat(plan.mechanism()).isEqualTo("tc htb+netem");
        assertThat(plan.apply().get(0).stdin()).startsWith("qdisc add dev eth0 root handle 4e46: htb default 3\n");
    }
}
