package dev.netfault.bridge.tc;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossPlanner;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;

/** Egress netem classified by a leased nft rule that sets the packet priority: no tc filter at all. */
class NetemEgressNftTest {

    static final String SETS = """
            \tset lease {
            \t\ttype ether_type
            \t\tflags timeout
            \t\telements = { ip timeout 15000ms, ip6 timeout 15000ms }
            \t}
            \tset x4 {
            \t\ttype ipv4_addr
            \t\tflags interval
            \t\telements = { 169.254.170.2, 169.254.169.254, 127.0.0.0/8 }
            \t}
            \tset x6 {
            \t\ttype ipv6_addr
            \t\tflags interval
            \t\telements = { fd00:ec2::254, fd00:ec2::23, ::1 }
            \t}
            """;

    @Test
    void plan_egressLatencyOfSomeFlowsIsAPrioTreeAndOneLeasedPriorityRule() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24")).withFlowsPercent(30)
                .withInterface(InterfaceName.of("eth0"));
        Plan plan = new LatencyPlanner().plan(ID, new LatencySpec(100, 0, 0, Distribution.NONE, t),
                twoLinks(Capabilities.full()), CONTEXT);

        assertThat(lines(plan.apply())).containsExactly(
                "tc -batch -\nqdisc add dev eth0 root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n"
                        + "qdisc add dev eth0 parent 4e46:1 handle 4e47: netem limit 10000 delay 100ms 0ms\n",
                "nft -f -\ntable netdev netfault_1a2b3c4d {\n" + SETS
                        + "\tset s4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 198.51.100.0/24 }\n\t}\n"
                        + "\tchain if0 {\n\t\ttype filter hook egress device \"eth0\" priority 0; policy accept;\n"
                        + "\t\tip daddr @x4 return\n\t\tip6 daddr @x6 return\n\t\ttcp sport 51680 return\n"
                        + "\t\tmeta protocol @lease ip daddr @s4 symhash mod 100 < 30 meta time < \"2026-11-26 17:00:00\" "
                        + "counter meta priority set 4e46:1\n\t}\n}\n");
        assertThat(plan.apply().get(1).env()).containsEntry("TZ", "UTC");
        assertThat(lines(plan.revert())).containsExactly("nft delete table netdev netfault_1a2b3c4d",
                "tc qdisc del dev eth0 root handle 4e46:");
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly("tc -j qdisc show dev eth0",
                "nft -t list table netdev netfault_1a2b3c4d");
        assertThat(plan.verify().get(1).expect()).containsExactly("table netdev netfault_1a2b3c4d",
                "hook egress device \"eth0\"", "meta priority set 4e46:1");
        assertThat(plan.mechanism()).isEqualTo("tc prio+netem, nft priority");
        assertThat(lines(plan.lease().renew())).containsExactly("nft -f -\n"
                + "flush set netdev netfault_1a2b3c4d lease\n"
                + "add element netdev netfault_1a2b3c4d lease { ip timeout 15000ms, ip6 timeout 15000ms }\n");
    }

    @Test
    void plan_egressNetemLossWithoutPrioIsAnHtbTreeWithoutFilters() {
        Plan plan = new LossPlanner().plan(ID, LossSpec.random(20, Targeting.all()),
                twoLinks(without(Capabilities.full(), Feature.PRIO)), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).isEqualTo(
                "qdisc add dev eth0 root handle 4e46: htb default 3\n"
                        + "class add dev eth0 parent 4e46: classid 4e46:1 htb rate 100gbit quantum 200000\n"
                        + "class add dev eth0 parent 4e46: classid 4e46:3 htb rate 100gbit quantum 200000\n"
                        + "qdisc add dev eth0 parent 4e46:1 handle 4e47: netem loss random 20%\n"
                        + "qdisc add dev eth1 root handle 4e46: htb default 3\n"
                        + "class add dev eth1 parent 4e46: classid 4e46:1 htb rate 100gbit quantum 200000\n"
                        + "class add dev eth1 parent 4e46: classid 4e46:3 htb rate 100gbit quantum 200000\n"
                        + "qdisc add dev eth1 parent 4e46:1 handle 4e47: netem loss random 20%\n");
        assertThat(plan.apply().get(1).stdin())
                .contains("\t\tmeta protocol @lease meta time < \"2026-11-26 17:00:00\" counter meta priority set 4e46:1\n")
                .contains("device \"eth0\"").contains("device \"eth1\"").doesNotContain("symhash");
        assertThat(plan.mechanism()).isEqualTo("tc htb+netem, nft priority");
        assertThat(plan.lease().leased()).isTrue();
    }

    @Test
    void plan_withoutTheEgressHookTheU32LayoutIsUnleased() {
        Plan plan = new LatencyPlanner().plan(ID, new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()),
                twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK)), CONTEXT);

        assertThat(plan.mechanism()).isEqualTo("tc prio+netem");
        assertThat(plan.lease().unleasedReason()).hasValue("egress latency classified by tc u32 filters has no "
                + "kernel-held lease: it needs the nftables netdev egress hook (kernel 5.16+ and the nft binary) to steer "
                + "packets into netem by a leased rule");
    }
}
