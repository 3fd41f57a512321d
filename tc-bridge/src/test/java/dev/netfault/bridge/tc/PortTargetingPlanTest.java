package dev.netfault.bridge.tc;

import static dev.netfault.bridge.tc.NetemFaultTest.exempt;
import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports and Protocol on every netem mechanism: the nft priority rule, the u32 tree (egress and on the ifb). */
class PortTargetingPlanTest {

    private static final Capabilities U32 = without(Capabilities.full(), Feature.NFT_EGRESS_HOOK);
    private static final String NETEM = "limit 10000 delay 100ms 0ms";

    private static Plan latency(Targeting t, NamespaceFacts facts) {
        return new LatencyPlanner().plan(ID, new LatencySpec(100, 0, 0, Distribution.NONE, t), facts, CONTEXT);
    }

    @Test
    void plan_egressNftPriorityRuleMatchesTheProtocolAndPort() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(5432))
                .withProtocol(Protocol.TCP);
        Plan plan = latency(t, twoLinks(Capabilities.full()));

        assertThat(plan.apply().get(1).stdin()).contains("\t\ttcp sport 51680 return\n"
                + "\t\tmeta protocol @lease meta l4proto tcp th dport 5432 meta time < \"2026-11-26 17:00:00\" "
                + "counter meta priority set 4e46:1\n\t}\n}\n");
        assertThat(plan.verify().get(1).expect()).containsExactly("table netdev netfault_1a2b3c4d",
                "hook egress device \"eth0\"", "dport 5432", "meta priority set 4e46:1");
    }

    @Test
    void plan_egressNftPortsWithoutProtocolMatchTcpAndUdpAndReadBackSorted() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(5353, 53))
                .withSources(cidrs("198.51.100.0/24"));
        Plan plan = latency(t, twoLinks(Capabilities.full()));

        assertThat(plan.apply().get(1).stdin()).contains("\t\tmeta protocol @lease ip daddr @s4 "
                + "meta l4proto { tcp, udp } th dport { 5353, 53 } meta time < \"2026-11-26 17:00:00\" "
                + "counter meta priority set 4e46:1\n");
        assertThat(plan.verify().get(1).expect()).contains("dport { 53, 5353 }");
    }

    @Test
    void plan_egressU32PortFiltersOnePerProtocolAndPortInBothFamilies() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(53, 5353))
                .withSources(cidrs("198.51.100.0/24", "2001:db8::/32"));
        Plan plan = latency(t, twoLinks(U32));
        String v4 = "filter add dev eth0 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.0/24 match ip protocol ";
        String v6 = "filter add dev eth0 parent 4e46: protocol ipv6 prio 4 u32 match ip6 dst 2001:db8::/32 match ip6 protocol ";

        assertThat(lines(plan.apply())).containsExactly("tc -batch -\n"
                + "qdisc add dev eth0 root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n"
                + "qdisc add dev eth0 parent 4e46:1 handle 4e47: netem " + NETEM + "\n"
                + exempt("eth0", false, "dst", "sport")
                + v4 + "6 0xff match ip dport 53 0xffff flowid 4e46:1\n"
                + v4 + "6 0xff match ip dport 5353 0xffff flowid 4e46:1\n"
                + v4 + "17 0xff match ip dport 53 0xffff flowid 4e46:1\n"
                + v4 + "17 0xff match ip dport 5353 0xffff flowid 4e46:1\n"
                + exempt("eth0", true, "dst", "sport")
                + v6 + "6 0xff match ip6 dport 53 0xffff flowid 4e46:1\n"
                + v6 + "6 0xff match ip6 dport 5353 0xffff flowid 4e46:1\n"
                + v6 + "17 0xff match ip6 dport 53 0xffff flowid 4e46:1\n"
                + v6 + "17 0xff match ip6 dport 5353 0xffff flowid 4e46:1\n");
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly("tc -j qdisc show dev eth0",
                "tc -j filter show dev eth0 parent 4e46:");
        assertThat(plan.verify().get(1).expect()).containsExactly(
                "\"match\":{\"value\":\"60000\",\"mask\":\"ff0000\",\"offmask\":\"\",\"off\":8}",
                "\"match\":{\"value\":\"110000\",\"mask\":\"ff0000\",\"offmask\":\"\",\"off\":8}",
                "\"match\":{\"value\":\"35\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":20}",
                "\"match\":{\"value\":\"14e9\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":20}",
                "\"match\":{\"value\":\"600\",\"mask\":\"ff00\",\"offmask\":\"\",\"off\":4}",
                "\"match\":{\"value\":\"1100\",\"mask\":\"ff00\",\"offmask\":\"\",\"off\":4}",
                "\"match\":{\"value\":\"35\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":40}",
                "\"match\":{\"value\":\"14e9\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":40}");
    }

    @Test
    void plan_egressU32ProtocolWithoutPortsMatchesEveryPacketOfIt() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withProtocol(Protocol.UDP)
                .withSources(cidrs("198.51.100.2"));
        Plan plan = latency(t, twoLinks(U32));

        assertThat(plan.apply().get(0).stdin()).endsWith(exempt("eth0", false, "dst", "sport")
                + "filter add dev eth0 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.2/32 "
                + "match ip protocol 17 0xff flowid 4e46:1\n");
        assertThat(plan.verify().get(1).expect()).containsExactly(
                "\"match\":{\"value\":\"110000\",\"mask\":\"ff0000\",\"offmask\":\"\",\"off\":8}");
    }

    @Test
    void plan_ingressUngatedRedirectsAllAndTheIfbTreeMatchesTheApplicationsPort() {
        Targeting t = Targeting.all().withDirection(Direction.INGRESS).withInterface(InterfaceName.of("eth0"))
                .withPorts(List.of(8080)).withProtocol(Protocol.TCP).withSources(cidrs("198.51.100.1"));
        Plan plan = latency(t, twoLinks(without(Capabilities.full(), Feature.EM_IPSET)));

        assertThat(lines(plan.apply())).containsExactly("ip link add nf1a2b3c4di type ifb", "ip link set nf1a2b3c4di up",
                "tc qdisc add dev eth0 handle ffff: ingress",
                "tc -batch -\nfilter add dev eth0 parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress "
                        + "redirect dev nf1a2b3c4di\n"
                        + "qdisc add dev nf1a2b3c4di root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n"
                        + "qdisc add dev nf1a2b3c4di parent 4e46:1 handle 4e47: netem " + NETEM + "\n"
                        + exempt("nf1a2b3c4di", false, "src", "dport")
                        + "filter add dev nf1a2b3c4di parent 4e46: protocol ip prio 3 u32 match ip src 198.51.100.1/32 "
                        + "match ip protocol 6 0xff match ip dport 8080 0xffff flowid 4e46:1\n");
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly("tc -j qdisc show dev nf1a2b3c4di",
                "tc -j filter show dev nf1a2b3c4di parent 4e46:", "tc -j filter show dev eth0 ingress");
        assertThat(plan.verify().get(1).expect()).containsExactly(
                "\"match\":{\"value\":\"60000\",\"mask\":\"ff0000\",\"offmask\":\"\",\"off\":8}",
                "\"match\":{\"value\":\"1f90\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":20}");
    }

    @Test
    void plan_ingressGatedRedirectKeepsTheLeaseAndTheIfbTreeMatchesThePort() {
        Targeting t = Targeting.all().withDirection(Direction.INGRESS).withInterface(InterfaceName.of("eth0"))
                .withPorts(List.of(8080)).withProtocol(Protocol.UDP).withSources(cidrs("2001:db8::1"));
        Plan plan = latency(t, twoLinks(U32));

        assertThat(plan.apply().get(4).stdin()).isEqualTo("filter add dev eth0 parent ffff: protocol all prio 1 basic "
                + "match 'ipset(nf1a2b3c4d-l4 src) or ipset(nf1a2b3c4d-l6 src)' action mirred egress redirect dev nf1a2b3c4di\n"
                + "qdisc add dev nf1a2b3c4di root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n"
                + "qdisc add dev nf1a2b3c4di parent 4e46:1 handle 4e47: netem " + NETEM + "\n"
                + exempt("nf1a2b3c4di", true, "src", "dport")
                + "filter add dev nf1a2b3c4di parent 4e46: protocol ipv6 prio 4 u32 match ip6 src 2001:db8::1/128 "
                + "match ip6 protocol 17 0xff match ip6 dport 8080 0xffff flowid 4e46:1\n");
        assertThat(plan.verify().get(1).expect()).containsExactly(
                "\"match\":{\"value\":\"1100\",\"mask\":\"ff00\",\"offmask\":\"\",\"off\":4}",
                "\"match\":{\"value\":\"1f90\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":40}");
        assertThat(plan.mechanism()).isEqualTo("ifb ingress redirect (ipset lease) + tc prio+netem");
    }

    @Test
    void plan_egressU32ShareOfFlowsSendsOnlyThePortToTheFlowHashLevel() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(5432))
                .withProtocol(Protocol.TCP).withSources(cidrs("198.51.100.2")).withFlowsPercent(30);
        Plan plan = latency(t, twoLinks(U32));

        assertThat(plan.apply().get(0).stdin()).contains(exempt("eth0", false, "dst", "sport")
                + "filter add dev eth0 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.2/32 "
                + "match ip protocol 6 0xff match ip dport 5432 0xffff flowid 4e46:2\n"
                + "filter add dev eth0 parent 4e46: protocol all prio 9 u32 match u32 0 0 flowid 4e46:3\n");
    }

    @Test
    void plan_u32RefusesMoreFiltersThanItCanScan() {
        List<Cidr> sources = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sources.add(Cidr.parse("198.51.100." + i));
        }
        List<Integer> ports = new ArrayList<>();
        for (int p = 1; p <= 30; p++) {
            ports.add(p);
        }
        Targeting t = Targeting.all().withSources(sources).withPorts(ports);

        assertThatThrownBy(() -> NetemFault.plan(ID, "latency", Scope.of(t, CONTEXT), twoLinks(U32),
                twoLinks(U32).targets(t.iface()), NETEM, List.of()))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("Ports/Protocol with 200 Sources need 12000 tc u32 filters per address family (at most 10000): "
                        + "u32 has no sets; target fewer Sources or ports, or use a kernel with the nftables netdev egress "
                        + "hook (5.16+)");
    }
}
