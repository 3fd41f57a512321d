package dev.netfault.bridge.tc;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.facts;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Egress classified by tc u32 filters: the fallback without the nft egress hook (unleased). */
class NetemFaultTest {

    private static final Capabilities U32 = without(Capabilities.full(), Feature.NFT_EGRESS_HOOK);

    static final String NETEM = "loss random 20%";

    /** The exemption filters every egress tree on {@code dev} starts its IPv4 / IPv6 part with. */
    static String exempt(String dev, boolean v6, String key, String port) {
        String f = "filter add dev " + dev + " parent 4e46: protocol " + (v6 ? "ipv6 prio 2" : "ip prio 1") + " u32 match "
                + (v6 ? "ip6 " : "ip ") + key + " ";
        return v6 ? f + "fd00:ec2::254/128 flowid 4e46:3\n" + f + "fd00:ec2::23/128 flowid 4e46:3\n" + f + "::1/128 flowid 4e46:3\n"
                + "filter add dev " + dev + " parent 4e46: protocol ipv6 prio 2 u32 match ip6 " + port + " 51680 0xffff flowid 4e46:3\n"
                : f + "169.254.170.2/32 flowid 4e46:3\n" + f + "169.254.169.254/32 flowid 4e46:3\n" + f + "127.0.0.0/8 flowid 4e46:3\n"
                + "filter add dev " + dev + " parent 4e46: protocol ip prio 1 u32 match ip " + port + " 51680 0xffff flowid 4e46:3\n";
    }

    static String prioTree(String dev, String key, String port) {
        return "qdisc add dev " + dev + " root handle 4e46: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2\n"
                + "qdisc add dev " + dev + " parent 4e46:1 handle 4e47: netem " + NETEM + "\n"
                + exempt(dev, false, key, port)
                + "filter add dev " + dev + " parent 4e46: protocol ip prio 3 u32 match ip " + key + " 0.0.0.0/0 flowid 4e46:1\n"
                + exempt(dev, true, key, port)
                + "filter add dev " + dev + " parent 4e46: protocol ipv6 prio 4 u32 match ip6 " + key + " ::/0 flowid 4e46:1\n";
    }

    private static Plan plan(Targeting t, NamespaceFacts facts) {
        return NetemFault.plan(ID, "loss", Scope.of(t, CONTEXT), facts, facts.targets(t.iface()), NETEM, List.of());
    }

    @Test
    void plan_egressPrioTreeOnEveryInterface() {
        Plan plan = plan(Targeting.all(), twoLinks(U32));

        assertThat(lines(plan.apply())).containsExactly("tc -batch -\n" + prioTree("eth0", "dst", "sport")
                + prioTree("eth1", "dst", "sport"));
        assertThat(lines(plan.revert())).containsExactly("tc qdisc del dev eth0 root handle 4e46:", "tc qdisc del dev eth1 root handle 4e46:");
        assertThat(plan.verify()).extracting(c -> c.command().line())
                .containsExactly("tc -j qdisc show dev eth0", "tc -j qdisc show dev eth1");
        assertThat(plan.verify().get(0).expect())
                .containsExactly("\"kind\":\"prio\",\"handle\":\"4e46:\"", "\"kind\":\"netem\",\"handle\":\"4e47:\"");
        assertThat(plan.mechanism()).isEqualTo("tc prio+netem");
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void plan_egressHtbTreeWithoutPrioForMixedSourcesOnOneInterface() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32", "198.51.100.7"))
                .withExemptions(cidrs("198.51.100.9")).withInterface(InterfaceName.of("eth1"));
        Plan plan = plan(t, twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK, Feature.PRIO)));
        String cls = " htb rate 100gbit quantum 200000\n";

        assertThat(lines(plan.apply())).containsExactly("tc -batch -\n"
                + "qdisc add dev eth1 root handle 4e46: htb default 3\n"
                + "class add dev eth1 parent 4e46: classid 4e46:1" + cls
                + "class add dev eth1 parent 4e46: classid 4e46:3" + cls
                + "qdisc add dev eth1 parent 4e46:1 handle 4e47: netem loss random 20%\n"
                + exempt("eth1", false, "dst", "sport").replace("127.0.0.0/8 flowid 4e46:3\n",
                        "127.0.0.0/8 flowid 4e46:3\nfilter add dev eth1 parent 4e46: protocol ip prio 1 u32 match ip dst 198.51.100.9/32 flowid 4e46:3\n")
                + "filter add dev eth1 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.0/24 flowid 4e46:1\n"
                + exempt("eth1", true, "dst", "sport")
                + "filter add dev eth1 parent 4e46: protocol ipv6 prio 4 u32 match ip6 dst 2001:db8::/32 flowid 4e46:1\n");
        assertThat(plan.interfaces()).containsExactly("eth1");
        assertThat(plan.mechanism()).isEqualTo("tc htb+netem");
        assertThat(plan.notes()).containsExactly("sch_prio is unavailable (not available in this namespace): an htb root "
                + "with 100gbit classes stands in (it sorts traffic, it does not shape it)");
    }

    @Test
    void plan_egressIpv6SourcesOnlyFilterIpv6() {
        Plan plan = plan(Targeting.all().withSources(cidrs("2001:db8::1")).withInterface(InterfaceName.of("eth0")),
                twoLinks(U32));

        assertThat(plan.apply().get(0).stdin()).doesNotContain("protocol ip ")
                .endsWith("filter add dev eth0 parent 4e46: protocol ipv6 prio 4 u32 match ip6 dst 2001:db8::1/128 flowid 4e46:1\n");
    }

    @Test
    void plan_egressFlowsPercentSamplesFlowsWithHtbAndFlowHash() {
        Plan plan = plan(Targeting.all().withFlowsPercent(97).withSources(cidrs("198.51.100.0/24"))
                .withInterface(InterfaceName.of("eth0")), twoLinks(U32));
        String cls = " htb rate 100gbit quantum 200000\n";

        assertThat(lines(plan.apply())).containsExactly("tc -batch -\n"
                + "qdisc add dev eth0 root handle 4e46: htb default 1\n"
                + "class add dev eth0 parent 4e46: classid 4e46:1" + cls
                + "class add dev eth0 parent 4e46: classid 4e46:2" + cls
                + "class add dev eth0 parent 4e46: classid 4e46:3" + cls
                + "class add dev eth0 parent 4e46:2 classid 4e46:161" + cls
                + "class add dev eth0 parent 4e46:2 classid 4e46:162" + cls
                + "class add dev eth0 parent 4e46:2 classid 4e46:163" + cls
                + "qdisc add dev eth0 parent 4e46:1 handle 4e47: netem loss random 20%\n"
                + exempt("eth0", false, "dst", "sport")
                + "filter add dev eth0 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.0/24 flowid 4e46:2\n"
                + "filter add dev eth0 parent 4e46: protocol all prio 9 u32 match u32 0 0 flowid 4e46:3\n"
                + "filter add dev eth0 parent 4e46:2 protocol all prio 1 handle 1 flow hash keys src,dst,proto,proto-src,proto-dst "
                + "divisor 100 baseclass 4e46:100\n");
        assertThat(plan.mechanism()).isEqualTo("tc htb+flow+netem");
        assertThat(plan.verify().get(0).expect()).contains("\"kind\":\"htb\",\"handle\":\"4e46:\"");
    }

    @Test
    void plan_flowsPercentWithoutHtbIsUnsupported() {
        assertThatThrownBy(() -> plan(Targeting.all().withFlowsPercent(50), twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK, Feature.HTB))))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("flowsPercent 50 needs sch_htb and cls_flow (not available in this namespace); "
                        + "use flowsPercent 100 or a kernel with sch_htb");
    }

    @Test
    void plan_withoutPrioOrHtbIsUnsupported() {
        assertThatThrownBy(() -> plan(Targeting.all(), twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK, Feature.PRIO, Feature.HTB))))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessageStartingWith("netem needs a classful root qdisc: sch_prio (");
    }

    @Test
    void plan_ingressWithoutEmIpsetRedirectsEveryInterfaceToOneIfbUnleased() {
        Plan plan = plan(Targeting.all().withDirection(Direction.INGRESS), twoLinks(without(U32, Feature.EM_IPSET)));
        String redirect = " parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev nf1a2b3c4di\n";

        assertThat(lines(plan.apply())).containsExactly("ip link add nf1a2b3c4di type ifb", "ip link set nf1a2b3c4di up",
                "tc qdisc add dev eth0 handle ffff: ingress", "tc qdisc add dev eth1 handle ffff: ingress",
                "tc -batch -\nfilter add dev eth0" + redirect + "filter add dev eth1" + redirect
                        + prioTree("nf1a2b3c4di", "src", "dport"));
        assertThat(lines(plan.revert())).containsExactly("tc qdisc del dev eth1 ingress", "tc qdisc del dev eth0 ingress",
                "ip link del nf1a2b3c4di");
        assertThat(plan.steps()).extracting(s -> lines(s.undo())).containsExactly(List.of("ip link del nf1a2b3c4di"),
                List.of(), List.of("tc qdisc del dev eth0 ingress"), List.of("tc qdisc del dev eth1 ingress"), List.of());
        assertThat(lines(plan.rollbackAfter(3))).as("eth1's ingress qdisc was refused: eth0's and the ifb are undone")
                .containsExactly("tc qdisc del dev eth0 ingress", "ip link del nf1a2b3c4di");
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly("tc -j qdisc show dev nf1a2b3c4di",
                "tc -j filter show dev eth0 ingress", "tc -j filter show dev eth1 ingress");
        assertThat(plan.verify().get(1).expect()).containsExactly("\"kind\":\"mirred\"", "\"to_dev\":\"nf1a2b3c4di\"");
        assertThat(plan.mechanism()).isEqualTo("ifb ingress redirect + tc prio+netem");
        assertThat(plan.lease().unleasedReason()).hasValueSatisfying(why -> assertThat(why).startsWith(
                "ingress loss through an ifb is leased by gating its redirect with an ipset whose elements time out "
                        + "(tc cls_basic with the em_ipset ematch), which this kernel lacks (").endsWith(
                "); load them (modprobe cls_basic em_ipset ip_set_hash_net; Debian 12's and AL2023's kernels ship them "
                        + "as modules), or start the agent with --allow-unleased"));
    }

    @Test
    void plan_ingressWithEmIpsetGatesTheRedirectByTheLeaseSets() {
        Plan plan = plan(Targeting.all().withDirection(Direction.INGRESS), twoLinks(U32));
        String redirect = " parent ffff: protocol all prio 1 basic match 'ipset(nf1a2b3c4d-l4 src) or "
                + "ipset(nf1a2b3c4d-l6 src)' action mirred egress redirect dev nf1a2b3c4di\n";
        String elements = "add nf1a2b3c4d-l4 0.0.0.0/1 timeout 15\nadd nf1a2b3c4d-l4 128.0.0.0/1 timeout 15\n"
                + "add nf1a2b3c4d-l6 ::/1 timeout 15\nadd nf1a2b3c4d-l6 8000::/1 timeout 15\n";

        assertThat(lines(plan.apply())).containsExactly(
                "ipset restore\ncreate nf1a2b3c4d-l4 hash:net family inet timeout 15\n"
                        + "create nf1a2b3c4d-l6 hash:net family inet6 timeout 15\n" + elements,
                "ip link add nf1a2b3c4di type ifb", "ip link set nf1a2b3c4di up",
                "tc qdisc add dev eth0 handle ffff: ingress", "tc qdisc add dev eth1 handle ffff: ingress",
                "tc -batch -\nfilter add dev eth0" + redirect + "filter add dev eth1" + redirect
                        + prioTree("nf1a2b3c4di", "src", "dport"));
        assertThat(lines(plan.revert())).as("the sets go last: a filter that matches them holds them").containsExactly(
                "tc qdisc del dev eth1 ingress", "tc qdisc del dev eth0 ingress", "ip link del nf1a2b3c4di",
                "ipset destroy nf1a2b3c4d-l4", "ipset destroy nf1a2b3c4d-l6");
        assertThat(lines(plan.lease().renew())).containsExactly("ipset restore -exist\n" + elements);
        assertThat(plan.lease().alive()).extracting(c -> c.command().line(), Check::expect).containsExactly(
                tuple("ipset list nf1a2b3c4d-l4", List.of("0.0.0.0/1 timeout")),
                tuple("ipset list nf1a2b3c4d-l6", List.of("8000::/1 timeout")));
        assertThat(plan.mechanism()).isEqualTo("ifb ingress redirect (ipset lease) + tc prio+netem");
    }

    @Test
    void plan_egressRefusesAForeignRootQdisc() {
        NamespaceFacts facts = facts(U32, Link.of("eth0", new RootQdisc("htb", "1:")));

        assertThatThrownBy(() -> plan(Targeting.all(), facts)).isInstanceOf(ForeignQdiscException.class)
                .hasMessage("interface eth0 has a root qdisc htb 1: that netfault does not own; netfault never deletes or "
                        + "replaces it. Remove it yourself (tc qdisc del dev eth0 root) if nothing needs it, or choose another interface");
    }

    @Test
    void plan_egressRefusesWhenANetfaultRootIsActive() {
        NamespaceFacts facts = facts(U32, Link.of("eth0", new RootQdisc("prio", "4e46:")));

        assertThatThrownBy(() -> plan(Targeting.all(), facts)).isInstanceOf(SlotTakenException.class)
                .hasMessage("a netfault tc fault is already active on eth0 (root qdisc prio 4e46:); stop it first");
    }

    @Test
    void plan_ingressRefusesAForeignIngressQdisc() {
        NamespaceFacts facts = facts(U32,
                Link.of("eth0", RootQdisc.kernelDefault("noqueue")).withIngressQdisc("clsact"));

        assertThatThrownBy(() -> plan(Targeting.all().withDirection(Direction.INGRESS), facts))
                .isInstanceOf(ForeignQdiscException.class)
                .hasMessage("interface eth0 already has a clsact qdisc that netfault does not own; an ingress loss fault "
                        + "needs its own ingress qdisc there and netfault never deletes or replaces a qdisc it does not own. "
                        + "Remove it yourself if nothing needs it");
    }

    @Test
    void plan_ingressRefusesWhenANetfaultIngressRedirectIsActive() {
        NamespaceFacts facts = facts(U32,
                Link.of("eth0", RootQdisc.kernelDefault("noqueue")).withIngressQdisc("ingress"),
                Link.of("nf0000beefi", RootQdisc.kernelDefault("noqueue")));

        assertThatThrownBy(() -> plan(Targeting.all().withDirection(Direction.INGRESS), facts))
                .isInstanceOf(SlotTakenException.class)
                .hasMessage("a netfault fault already uses the ingress qdisc of eth0; stop it first "
                        + "(an ingress loss fault needs its own ingress qdisc there)");
        assertThat(facts.targets(java.util.Optional.empty())).extracting(l -> l.name().value()).containsExactly("eth0");
    }

    @Test
    void plan_withoutControlPortHasNoPortExemption() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24")).withInterface(InterfaceName.of("eth0"));
        NamespaceFacts facts = twoLinks(U32);
        Plan plan = NetemFault.plan(ID, "latency", Scope.of(t, dev.netfault.bridge.plan.PlanContext.of(
                dev.netfault.bridge.testing.Fixtures.EXPIRY, 0, List.of())), facts, facts.targets(t.iface()), NETEM, List.of());

        assertThat(plan.apply().get(0).stdin()).doesNotContain("sport").doesNotContain("51680");
    }
}
