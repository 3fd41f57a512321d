package dev.netfault.bridge.bandwidth;

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
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandwidthPlannerTest {

    static final String IFB = "nf1a2b3c4db";
    static final Targeting ETH0_5001 = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(5001));

    private static Plan plan(BandwidthSpec spec) {
        return new FaultPlanner().plan(ID, spec, twoLinks(Capabilities.withoutNetem()), CONTEXT);
    }

    @Test
    void plan_egressIsAMarkingNftTableAClsactBpfRedirectAndTbfOnTheIfb() {
        Plan plan = plan(new BandwidthSpec(2_000, 0, ETH0_5001));

        assertThat(plan.kind()).isEqualTo("bandwidth");
        assertThat(plan.mechanism()).isEqualTo("nftables netdev egress mark + tc clsact bpf redirect to ifb + tbf");
        assertThat(plan.touches()).containsExactlyInAnyOrder(Touches.TC, Touches.NFTABLES);
        assertThat(lines(plan.apply())).containsExactly(
                "ip link add nf1a2b3c4db type ifb",
                "ip link set nf1a2b3c4db up",
                "tc qdisc add dev nf1a2b3c4db root handle 4e4b: tbf rate 2000kbit burst 18432 limit 100000",
                "tc qdisc add dev eth0 clsact",
                "tc -batch -\nfilter add dev eth0 egress protocol all pref 1 bpf bytecode '4,32 0 0 4294963220,21 0 1 "
                        + "20038,6 0 0 4294967295,6 0 0 0,' action mirred egress redirect dev nf1a2b3c4db\n",
                "nft -f -\ntable netdev netfault_1a2b3c4d {\n"
                        + "\tset lease {\n\t\ttype ether_type\n\t\tflags timeout\n"
                        + "\t\telements = { ip timeout 15000ms, ip6 timeout 15000ms }\n\t}\n"
                        + "\tset x4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
                        + "\t\telements = { 169.254.170.2, 169.254.169.254, 127.0.0.0/8 }\n\t}\n"
                        + "\tset x6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n"
                        + "\t\telements = { fd00:ec2::254, fd00:ec2::23, ::1 }\n\t}\n"
                        + "\tchain if0 {\n\t\ttype filter hook egress device \"eth0\" priority 0; policy accept;\n"
                        + "\t\tip daddr @x4 return\n\t\tip6 daddr @x6 return\n\t\ttcp sport 51680 return\n"
                        + "\t\tmeta protocol @lease meta l4proto { tcp, udp } th dport 5001 meta time < "
                        + "\"2026-11-26 17:00:00\" counter meta mark set 0x00004e46\n\t}\n}\n");
        assertThat(plan.apply().get(5).env()).containsEntry("TZ", "UTC");
        assertThat(lines(plan.revert())).containsExactly(
                "nft delete table netdev netfault_1a2b3c4d",
                "tc qdisc del dev eth0 clsact",
                "ip link del nf1a2b3c4db");
        assertThat(plan.revertAfter()).containsExactly(5, 3, 0);
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly(
                "tc -j qdisc show dev nf1a2b3c4db",
                "tc -j filter show dev eth0 egress",
                "nft -t list table netdev netfault_1a2b3c4d");
        assertThat(plan.verify().get(0).expect()).containsExactly("\"kind\":\"tbf\",\"handle\":\"4e4b:\"");
        assertThat(plan.verify().get(1).expect()).containsExactly("\"kind\":\"mirred\"", "\"to_dev\":\"nf1a2b3c4db\"");
        assertThat(plan.verify().get(2).expect()).contains("meta mark set 0x00004e46");
        assertThat(plan.lease().leased()).isTrue();
        assertThat(lines(plan.lease().renew())).containsExactly("nft -f -\n"
                + "flush set netdev netfault_1a2b3c4d lease\n"
                + "add element netdev netfault_1a2b3c4d lease { ip timeout 15000ms, ip6 timeout 15000ms }\n");
    }

    @Test
    void plan_egressSourcesAndOneProtocolNarrowTheMarkRuleOnEveryInterface() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32"))
                .withExemptions(cidrs("198.51.100.7")).withProtocol(Protocol.UDP);
        String nft = plan(new BandwidthSpec(8, 4, t)).apply().get(6).stdin();

        assertThat(nft).contains(
                "\t\telements = { 169.254.170.2, 169.254.169.254, 127.0.0.0/8, 198.51.100.7 }\n",
                "\tset s4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 198.51.100.0/24 }\n\t}\n",
                "\t\ttype filter hook egress device \"eth0\" priority 0; policy accept;\n",
                "\t\ttype filter hook egress device \"eth1\" priority 0; policy accept;\n",
                "\t\tmeta protocol @lease ip daddr @s4 meta l4proto udp meta time < \"2026-11-26 17:00:00\" "
                        + "counter meta mark set 0x00004e46\n",
                "\t\tmeta protocol @lease ip6 daddr @s6 meta l4proto udp meta time < \"2026-11-26 17:00:00\" "
                        + "counter meta mark set 0x00004e46\n");
    }

    @Test
    void plan_ingressIsU32RedirectsAfterExemptionsOnTheIngressQdiscUnleased() {
        Targeting t = ETH0_5001.withDirection(Direction.INGRESS).withProtocol(Protocol.TCP)
                .withSources(cidrs("198.51.100.1", "2001:db8::1"));
        Plan plan = new FaultPlanner().plan(ID, new BandwidthSpec(20_000, 0, t),
                twoLinks(without(Capabilities.full(), Feature.NETEM, Feature.PRIO, Feature.EM_IPSET)), CONTEXT);

        assertThat(plan.mechanism()).isEqualTo("tc ingress u32 redirect to ifb + tbf");
        assertThat(plan.touches()).containsExactly(Touches.TC);
        String head4 = "filter add dev eth0 parent ffff: protocol ip prio ";
        String head6 = "filter add dev eth0 parent ffff: protocol ipv6 prio ";
        assertThat(lines(plan.apply())).containsExactly(
                "ip link add nf1a2b3c4db type ifb",
                "ip link set nf1a2b3c4db up",
                "tc qdisc add dev nf1a2b3c4db root handle 4e4b: tbf rate 20000kbit burst 25000 limit 1000000",
                "tc qdisc add dev eth0 handle ffff: ingress",
                "tc -batch -\n"
                        + head4 + "1 u32 match ip src 169.254.170.2/32 classid ffff:1\n"
                        + head4 + "1 u32 match ip src 169.254.169.254/32 classid ffff:1\n"
                        + head4 + "1 u32 match ip src 127.0.0.0/8 classid ffff:1\n"
                        + head4 + "3 u32 match ip src 198.51.100.1/32 match ip protocol 6 0xff match ip dport 5001 "
                        + "0xffff action mirred egress redirect dev nf1a2b3c4db\n"
                        + head6 + "2 u32 match ip6 src fd00:ec2::254/128 classid ffff:1\n"
                        + head6 + "2 u32 match ip6 src fd00:ec2::23/128 classid ffff:1\n"
                        + head6 + "2 u32 match ip6 src ::1/128 classid ffff:1\n"
                        + head6 + "4 u32 match ip6 src 2001:db8::1/128 match ip6 protocol 6 0xff match ip6 dport 5001 "
                        + "0xffff action mirred egress redirect dev nf1a2b3c4db\n");
        assertThat(lines(plan.revert())).containsExactly("tc qdisc del dev eth0 ingress", "ip link del nf1a2b3c4db");
        assertThat(plan.revertAfter()).containsExactly(3, 0);
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly(
                "tc -j qdisc show dev nf1a2b3c4db", "tc -j filter show dev eth0 ingress");
        assertThat(plan.lease().leased()).isFalse();
        assertThat(plan.lease().unleasedReason().get()).contains("no kernel-held lease or deadline", "--allow-unleased");
    }

    @Test
    void plan_ingressWithEmIpsetIsLeasedByAGateFilterFirst() {
        Plan plan = plan(new BandwidthSpec(2_000, 0, ETH0_5001.withDirection(Direction.INGRESS).withProtocol(Protocol.TCP)));

        assertThat(plan.mechanism()).isEqualTo("tc ingress u32 redirect (ipset lease) to ifb + tbf");
        assertThat(plan.touches()).containsExactlyInAnyOrder(Touches.TC, Touches.IPSET);
        assertThat(lines(plan.apply()).get(0)).isEqualTo("ipset restore\n"
                + "create nf1a2b3c4d-l4 hash:net family inet timeout 15\n"
                + "create nf1a2b3c4d-l6 hash:net family inet6 timeout 15\n"
                + "add nf1a2b3c4d-l4 0.0.0.0/1 timeout 15\nadd nf1a2b3c4d-l4 128.0.0.0/1 timeout 15\n"
                + "add nf1a2b3c4d-l6 ::/1 timeout 15\nadd nf1a2b3c4d-l6 8000::/1 timeout 15\n");
        assertThat(plan.apply().get(5).stdin()).startsWith(
                "filter add dev eth0 parent ffff: protocol all prio 1 basic match 'not ipset(nf1a2b3c4d-l4 src) and not "
                        + "ipset(nf1a2b3c4d-l6 src)' classid ffff:1\n"
                        + "filter add dev eth0 parent ffff: protocol ip prio 2 u32 match ip src 169.254.170.2/32 classid ffff:1\n")
                .contains("filter add dev eth0 parent ffff: protocol ip prio 4 u32 match ip protocol 6 0xff match ip dport "
                        + "5001 0xffff action mirred egress redirect dev nf1a2b3c4db\n",
                        "filter add dev eth0 parent ffff: protocol ipv6 prio 5 u32 match ip6 protocol 6 0xff match ip6 "
                                + "dport 5001 0xffff action mirred egress redirect dev nf1a2b3c4db\n");
        assertThat(lines(plan.revert())).containsExactly("tc qdisc del dev eth0 ingress", "ip link del nf1a2b3c4db",
                "ipset destroy nf1a2b3c4d-l4", "ipset destroy nf1a2b3c4d-l6");
        assertThat(plan.revertAfter()).containsExactly(4, 1, 0, 0);
        assertThat(plan.lease().leased()).isTrue();
        assertThat(lines(plan.lease().renew())).containsExactly("ipset restore -exist\n"
                + "add nf1a2b3c4d-l4 0.0.0.0/1 timeout 15\nadd nf1a2b3c4d-l4 128.0.0.0/1 timeout 15\n"
                + "add nf1a2b3c4d-l6 ::/1 timeout 15\nadd nf1a2b3c4d-l6 8000::/1 timeout 15\n");
    }

    @Test
    void plan_ingressOfEverythingExemptsTheControlPortAndRedirectsWithAMatchAll() {
        String batch = new FaultPlanner().plan(ID, new BandwidthSpec(1_000, 0, Targeting.all()
                        .withDirection(Direction.INGRESS).withInterface(InterfaceName.of("eth0"))),
                twoLinks(without(Capabilities.full(), Feature.EM_IPSET)), CONTEXT).apply().get(4).stdin();

        assertThat(batch).contains(
                "filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip protocol 6 0xff match ip dport 51680 "
                        + "0xffff classid ffff:1\n",
                "filter add dev eth0 parent ffff: protocol ip prio 3 u32 match u32 0 0 action mirred egress redirect dev "
                        + "nf1a2b3c4db\n",
                "filter add dev eth0 parent ffff: protocol ipv6 prio 4 u32 match u32 0 0 action mirred egress redirect "
                        + "dev nf1a2b3c4db\n");
    }

    @Test
    void shaper_queueHolds200msTwiceWithFloorsAndAGivenBurstWins() {
        assertThat(Shaper.of(new BandwidthSpec(8, 0, Targeting.all())).tbf())
                .isEqualTo("tbf rate 8kbit burst 18432 limit 65536");
        assertThat(Shaper.of(new BandwidthSpec(2_000, 0, Targeting.all())).tbf())
                .isEqualTo("tbf rate 2000kbit burst 18432 limit 100000");
        assertThat(Shaper.of(new BandwidthSpec(10_000_000, 0, Targeting.all())).tbf())
                .isEqualTo("tbf rate 10000000kbit burst 12500000 limit 500000000");
        assertThat(Shaper.of(new BandwidthSpec(2_000, 64, Targeting.all())).tbf())
                .isEqualTo("tbf rate 2000kbit burst 65536 limit 100000");
        assertThat(plan(new BandwidthSpec(2_000, 4, ETH0_5001)).notes())
                .anyMatch(n -> n.startsWith("BurstKilobytes 4 is below two 9 KiB jumbo frames"));
    }

    @Test
    void plan_theRootQdiscIsNeverTouchedSoAForeignOrLatencyRootIsFine() {
        Link eth0 = Link.of("eth0", new RootQdisc("htb", "4e46:"));
        Plan plan = new BandwidthPlanner().plan(ID, new BandwidthSpec(2_000, 0, ETH0_5001),
                facts(Capabilities.withoutNetem(), eth0, Link.of("lo", RootQdisc.kernelDefault("noqueue"))), CONTEXT);

        assertThat(plan.apply()).noneMatch(c -> c.argv().contains("root") && c.argv().contains("eth0"));
        assertThat(plan.revert()).noneMatch(c -> c.argv().contains("root"));
    }

    @Test
    void plan_refusesAnIngressSlotHeldByNetfaultOrSomeoneElse() {
        Link taken = Link.of("eth0", RootQdisc.kernelDefault("noqueue")).withIngressQdisc("clsact");
        Link lo = Link.of("lo", RootQdisc.kernelDefault("noqueue"));
        assertThatThrownBy(() -> new BandwidthPlanner().plan(ID, new BandwidthSpec(2_000, 0, ETH0_5001),
                facts(Capabilities.withoutNetem(), taken, lo), CONTEXT))
                .isInstanceOf(ForeignQdiscException.class)
                .hasMessageContaining("interface eth0 already has a clsact qdisc that netfault does not own");
        Link ourIfb = Link.of("nf99999999b", RootQdisc.kernelDefault("tbf"));
        assertThatThrownBy(() -> new BandwidthPlanner().plan(ID, new BandwidthSpec(2_000, 0, ETH0_5001),
                facts(Capabilities.withoutNetem(), taken, lo, ourIfb), CONTEXT))
                .isInstanceOf(SlotTakenException.class)
                .hasMessageContaining("a netfault fault already uses the clsact qdisc of eth0; stop it first");
    }

    @Test
    void plan_namesWhatIsMissing() {
        assertThatThrownBy(() -> new BandwidthPlanner().plan(ID, new BandwidthSpec(2_000, 0, ETH0_5001),
                twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK)), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("an egress bandwidth limit needs ifb, mirred, sch_tbf, clsact, cls_bpf, nftables, nft_egress_hook "
                        + "(nft_egress_hook: not available in this namespace); run `netfault doctor`");
        assertThatThrownBy(() -> new BandwidthPlanner().plan(ID, new BandwidthSpec(2_000, 0,
                        ETH0_5001.withDirection(Direction.INGRESS)), twoLinks(without(Capabilities.full(), Feature.IFB, Feature.U32)),
                CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("an ingress bandwidth limit needs ifb, mirred, sch_tbf, u32 (ifb: not available in this namespace; "
                        + "u32: not available in this namespace); run `netfault doctor`");
    }
}
