package dev.netfault.bridge.loss;

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
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossPlannerTest {

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
    static final String UNTIL = " meta time < \"2026-11-26 17:00:00\" counter drop\n";
    static final String ND = "\t\ticmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, "
            + "nd-redirect } return\n";
    static final String IP_ONLY = "meta protocol @lease ";

    private final LossPlanner planner = new LossPlanner();
    private final Capabilities noNetem = Capabilities.withoutNetem();

    private static String chain(int n, String hook, String dev, String key, String port, String drops) {
        return "\tchain if" + n + " {\n\t\ttype filter hook " + hook + " device \"" + dev + "\" priority 0; policy accept;\n"
                + "\t\tip " + key + " @x4 return\n\t\tip6 " + key + " @x6 return\n\t\ttcp " + port + " 51680 return\n"
                + ND + drops + "\t}\n";
    }

    @Test
    void plan_randomLossWithNetemUsesTheTcLayout() {
        Plan plan = planner.plan(ID, LossSpec.random(20, Targeting.all()), twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK)), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).contains("qdisc add dev eth0 parent 4e46:1 handle 4e47: netem loss random 20%\n")
                .contains("qdisc add dev eth1 parent 4e46:1 handle 4e47: netem loss random 20%\n");
        assertThat(plan.mechanism()).isEqualTo("tc prio+netem");
        assertThat(plan.kind()).isEqualTo("loss");
        assertThat(lines(plan.revert())).containsExactly("tc qdisc del dev eth0 root handle 4e46:",
                "tc qdisc del dev eth1 root handle 4e46:");
    }

    @Test
    void plan_burstLossWithNetemUsesGilbertElliott() {
        Plan plan = planner.plan(ID, new LossSpec(20, LossModel.BURST, 5, Targeting.all()), twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK)), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).contains("handle 4e47: netem loss gemodel 5% 20% 100% 0%\n");
        assertThat(plan.notes()).containsExactly("burst loss: Gilbert-Elliott chain, mean burst 5 packets, long-run loss 20%");
    }

    @Test
    void plan_burstLossRoundsTransitionPercentsToFourDecimals() {
        Plan plan = planner.plan(ID, new LossSpec(10, LossModel.BURST, 3, Targeting.all()), twoLinks(Capabilities.full()), CONTEXT);

        // r = 1/3, p = r * 0.1 / 0.9 = 1/27
        assertThat(plan.apply().get(0).stdin()).contains("netem loss gemodel 3.7037% 33.3333% 100% 0%\n");
    }

    @Test
    void plan_ingressLossWithNetemRedirectsToAnIfb() {
        Plan plan = planner.plan(ID, LossSpec.random(5, Targeting.all().withDirection(Direction.INGRESS)),
                twoLinks(Capabilities.full()), CONTEXT);

        assertThat(plan.mechanism()).isEqualTo("ifb ingress redirect (ipset lease) + tc prio+netem");
        assertThat(plan.lease().renew()).extracting(Command::line).containsExactly("ipset restore -exist");
        assertThat(plan.apply().get(plan.apply().size() - 1).stdin())
                .contains("qdisc add dev nf1a2b3c4di parent 4e46:1 handle 4e47: netem loss random 5%\n");
    }

    @Test
    void plan_randomLossWithoutNetemUsesNftablesEgress() {
        Plan plan = planner.plan(ID, LossSpec.random(20, Targeting.all()), twoLinks(noNetem), CONTEXT);
        String drop = "\t\t" + IP_ONLY + "numgen random mod 100 < 20" + UNTIL;

        assertThat(lines(plan.apply())).containsExactly("nft -f -\ntable netdev netfault_1a2b3c4d {\n" + SETS
                + chain(0, "egress", "eth0", "daddr", "sport", drop) + chain(1, "egress", "eth1", "daddr", "sport", drop) + "}\n");
        assertThat(plan.apply().get(0).env()).containsEntry("TZ", "UTC");
        assertThat(lines(plan.revert())).containsExactly("nft delete table netdev netfault_1a2b3c4d");
        assertThat(plan.verify().get(0).expect()).contains("hook egress device \"eth0\"", "hook egress device \"eth1\"");
        assertThat(plan.mechanism()).isEqualTo("nftables netdev egress numgen");
        assertThat(plan.notes()).containsExactly("sch_netem is unavailable (Error: Specified qdisc kind is unknown.): random "
                + "loss is dropped in the nftables netdev egress hook (numgen random), silently for the sender; it stops at "
                + "2026-11-26 17:00:00 UTC (meta time), or 15000 ms after the agent's last renewal of its lease, even if "
                + "not reverted");
        assertThat(plan.lease().leased()).isTrue();
        assertThat(lines(plan.lease().renew())).containsExactly("nft -f -\n"
                + "flush set netdev netfault_1a2b3c4d lease\n"
                + "add element netdev netfault_1a2b3c4d lease { ip timeout 15000ms, ip6 timeout 15000ms }\n");
        assertThat(plan.lease().alive()).singleElement().satisfies(c -> {
            assertThat(c.command().line()).isEqualTo("nft list set netdev netfault_1a2b3c4d lease");
            assertThat(c.expect()).containsExactly("expires");
        });
    }

    @Test
    void plan_ingressLossWithoutNetemUsesNftablesIngressWithSources() {
        Targeting t = Targeting.all().withDirection(Direction.INGRESS).withSources(cidrs("198.51.100.0/24", "2001:db8::/32"))
                .withInterface(InterfaceName.of("eth0"));
        Plan plan = planner.plan(ID, LossSpec.random(30, t), twoLinks(noNetem), CONTEXT);
        String drop = "numgen random mod 100 < 30" + UNTIL;

        assertThat(plan.apply().get(0).stdin()).isEqualTo("table netdev netfault_1a2b3c4d {\n" + SETS
                + "\tset s4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 198.51.100.0/24 }\n\t}\n"
                + "\tset s6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\telements = { 2001:db8::/32 }\n\t}\n"
                + chain(0, "ingress", "eth0", "saddr", "dport", "\t\tmeta protocol @lease ip saddr @s4 " + drop + "\t\tmeta protocol @lease ip6 saddr @s6 " + drop) + "}\n");
        assertThat(plan.mechanism()).isEqualTo("nftables netdev ingress numgen");
    }

    @Test
    void plan_lossOfSomeFlowsWithoutNetemUsesSymhash() {
        Plan plan = planner.plan(ID, LossSpec.random(20, Targeting.all().withFlowsPercent(40)), twoLinks(noNetem), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).contains("\t\t" + IP_ONLY + "symhash mod 100 < 40 numgen random mod 100 < 20" + UNTIL);
        assertThat(plan.notes()).hasSize(2);
    }

    @Test
    void plan_burstLossWithoutNetemIsUnsupported() {
        assertThatThrownBy(() -> planner.plan(ID, new LossSpec(20, LossModel.BURST, 5, Targeting.all()), twoLinks(noNetem), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("burst loss needs sch_netem, which this kernel lacks (Error: Specified qdisc kind is unknown.); "
                        + "load it (modprobe sch_netem), use a kernel that has it, or use lossModel random; "
                        + "`netfault doctor` shows what is available");
    }

    @Test
    void plan_lossWithoutNetemOrEgressHookIsUnsupported() {
        assertThatThrownBy(() -> planner.plan(ID, LossSpec.random(20, Targeting.all()),
                twoLinks(without(noNetem, Feature.NFT_EGRESS_HOOK)), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("loss needs sch_netem (Error: Specified qdisc kind is unknown.) or the nftables netdev egress hook "
                        + "(not available in this namespace); load sch_netem, install nftables on a 5.16+ kernel, or run `netfault doctor`");
    }

    @Test
    void plan_ingressLossWithoutNetemNeedsNoEgressHook() {
        Plan plan = planner.plan(ID, LossSpec.random(20, Targeting.all().withDirection(Direction.INGRESS)),
                twoLinks(without(noNetem, Feature.NFT_EGRESS_HOOK)), CONTEXT);

        assertThat(plan.mechanism()).isEqualTo("nftables netdev ingress numgen");
    }

    @Test
    void plan_totalLossWithoutNetemDropsWithoutNumgen() {
        Plan plan = planner.plan(ID, LossSpec.random(100, Targeting.all().withInterface(InterfaceName.of("eth0"))),
                twoLinks(noNetem), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).contains("\t\ttcp sport 51680 return\n" + ND + "\t\t" + IP_ONLY + "meta time < \"2026-11-26 17:00:00\" counter drop\n")
                .doesNotContain("numgen");
    }

    @Test
    void plan_nftLossWithoutControlPortHasNoPortReturn() {
        Plan plan = planner.plan(ID, LossSpec.random(20, Targeting.all()), twoLinks(noNetem),
                dev.netfault.bridge.plan.PlanContext.of(dev.netfault.bridge.testing.Fixtures.EXPIRY, 0, List.of()));

        assertThat(plan.apply().get(0).stdin()).doesNotContain("sport")
                .contains("\t\tip6 daddr @x6 return\n" + ND + "\t\t" + IP_ONLY + "numgen random mod 100 < 20");
    }
}
