package dev.netfault.bridge.loss;

import static dev.netfault.bridge.loss.LossPlannerTest.SETS;
import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nft loss (no sch_netem) with Ports and Protocol: the destination port, in the egress and the ingress hook. */
class LossPortsPlanTest {

    private final LossPlanner planner = new LossPlanner();

    @Test
    void plan_egressNftLossDropsOnlyTheUdpPort() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(9001))
                .withProtocol(Protocol.UDP).withSources(cidrs("198.51.100.2"));
        Plan plan = planner.plan(ID, LossSpec.random(20, t), twoLinks(Capabilities.withoutNetem()), CONTEXT);

        assertThat(lines(plan.apply())).containsExactly("nft -f -\ntable netdev netfault_1a2b3c4d {\n" + SETS
                + "\tset s4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 198.51.100.2 }\n\t}\n"
                + "\tchain if0 {\n\t\ttype filter hook egress device \"eth0\" priority 0; policy accept;\n"
                + "\t\tip daddr @x4 return\n\t\tip6 daddr @x6 return\n\t\ttcp sport 51680 return\n"
                + "\t\tmeta protocol @lease ip daddr @s4 meta l4proto udp th dport 9001 numgen random mod 100 < 20 "
                + "meta time < \"2026-11-26 17:00:00\" counter drop\n\t}\n}\n");
        assertThat(plan.verify()).singleElement().satisfies(c -> assertThat(c.expect()).containsExactly(
                "table netdev netfault_1a2b3c4d", "hook egress device \"eth0\"", "dport 9001", "drop"));
    }

    @Test
    void plan_ingressNftLossDropsTheApplicationsPortsOfBothProtocols() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withDirection(Direction.INGRESS)
                .withPorts(List.of(9001, 8443));
        Plan plan = planner.plan(ID, LossSpec.random(100, t), twoLinks(Capabilities.withoutNetem()), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).contains("\t\ttype filter hook ingress device \"eth0\" priority 0; "
                + "policy accept;\n\t\tip saddr @x4 return\n\t\tip6 saddr @x6 return\n\t\ttcp dport 51680 return\n"
                + "\t\ticmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, "
                + "nd-redirect } return\n"
                + "\t\tmeta protocol @lease meta l4proto { tcp, udp } th dport { 9001, 8443 } "
                + "meta time < \"2026-11-26 17:00:00\" counter drop\n\t}\n}\n");
        assertThat(plan.verify().get(0).expect()).containsExactly("table netdev netfault_1a2b3c4d",
                "hook ingress device \"eth0\"", "dport { 8443, 9001 }", "drop");
    }

    @Test
    void plan_protocolWithoutPortsDropsEveryPacketOfIt() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withProtocol(Protocol.TCP);
        Plan plan = planner.plan(ID, LossSpec.random(20, t), twoLinks(Capabilities.withoutNetem()), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).contains("\t\tmeta protocol @lease meta l4proto tcp numgen random "
                + "mod 100 < 20 meta time < \"2026-11-26 17:00:00\" counter drop\n");
        assertThat(plan.verify().get(0).expect()).contains("meta l4proto tcp");
    }

    @Test
    void plan_netemLossWithPortsFiltersTheTreeByPort() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(9001))
                .withProtocol(Protocol.UDP).withSources(cidrs("198.51.100.2"));
        Plan plan = planner.plan(ID, LossSpec.random(20, t), twoLinks(dev.netfault.bridge.testing.Fixtures.without(
                Capabilities.full(), dev.netfault.bridge.plan.Feature.NFT_EGRESS_HOOK)), CONTEXT);

        assertThat(plan.apply().get(0).stdin()).endsWith("filter add dev eth0 parent 4e46: protocol ip prio 3 u32 "
                + "match ip dst 198.51.100.2/32 match ip protocol 17 0xff match ip dport 9001 0xffff flowid 4e46:1\n");
    }
}
