package dev.netfault.bridge.blackhole;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.facts;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.RecordingRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlackholeEgressPlannerTest {

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

    private final BlackholePlanner planner = new BlackholePlanner();

    private static BlackholeSpec egress(int port, Protocol p, Targeting t) {
        return new BlackholeSpec(port, p, Direction.EGRESS, t);
    }

    private static String chain(int n, String dev, String drops) {
        return "\tchain if" + n + " {\n\t\ttype filter hook egress device \"" + dev + "\" priority 0; policy accept;\n"
                + "\t\tip daddr @x4 return\n\t\tip6 daddr @x6 return\n" + drops + "\t}\n";
    }

    @Test
    void plan_egressBlackholeAllAddressesInNftablesNetdevEgress() {
        Plan plan = planner.plan(ID, egress(443, Protocol.TCP, Targeting.all()), twoLinks(Capabilities.full()), CONTEXT);
        String drop = "\t\tmeta protocol @lease meta l4proto tcp tcp dport 443 meta time < \"2026-11-26 17:00:00\" counter drop\n";

        assertThat(lines(plan.apply())).containsExactly("nft -f -\ntable netdev netfault_1a2b3c4d {\n" + SETS
                + chain(0, "eth0", drop) + chain(1, "eth1", drop) + "}\n");
        assertThat(plan.apply().get(0).env()).containsExactly(java.util.Map.entry("TZ", "UTC"));
        assertThat(lines(plan.revert())).containsExactly("nft delete table netdev netfault_1a2b3c4d");
        assertThat(plan.verify()).singleElement().satisfies(c -> {
            assertThat(c.command().line()).isEqualTo("nft -t list table netdev netfault_1a2b3c4d");
            assertThat(c.expect()).containsExactly("table netdev netfault_1a2b3c4d", "hook egress device \"eth0\"",
                    "hook egress device \"eth1\"", "drop");
        });
        assertThat(plan.mechanism()).isEqualTo("nftables netdev egress");
        assertThat(plan.interfaces()).containsExactly("eth0", "eth1");
    }

    @Test
    void plan_egressBlackholeMixedSourcesAndExemptionsOnOneInterface() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32", "198.51.100.7"))
                .withExemptions(cidrs("198.51.100.9", "127.0.0.1")).withInterface(InterfaceName.of("eth1"));
        Plan plan = planner.plan(ID, egress(53, Protocol.UDP, t), twoLinks(Capabilities.full()), CONTEXT);
        String tail = "meta l4proto udp udp dport 53 meta time < \"2026-11-26 17:00:00\" counter drop\n";

        assertThat(plan.apply().get(0).stdin()).isEqualTo("table netdev netfault_1a2b3c4d {\n"
                + SETS.replace("127.0.0.0/8 }", "127.0.0.0/8, 198.51.100.9 }")
                + "\tset s4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 198.51.100.0/24 }\n\t}\n"
                + "\tset s6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\telements = { 2001:db8::/32 }\n\t}\n"
                + chain(0, "eth1", "\t\tmeta protocol @lease ip daddr @s4 " + tail + "\t\tmeta protocol @lease ip6 daddr @s6 " + tail) + "}\n");
        assertThat(plan.interfaces()).containsExactly("eth1");
    }

    @Test
    void plan_egressBlackholeIpv6SourcesOnlyMatchIpv6() {
        Targeting t = Targeting.all().withSources(cidrs("2001:db8::1"));
        Plan plan = planner.plan(ID, egress(443, Protocol.TCP, t), twoLinks(Capabilities.full()), CONTEXT);

        assertThat(plan.apply().get(0).stdin())
                .contains("\tset s6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\telements = { 2001:db8::1 }\n\t}\n")
                .contains("\t\tmeta protocol @lease ip6 daddr @s6 meta l4proto tcp tcp dport 443 meta time < \"2026-11-26 17:00:00\" counter drop\n")
                .doesNotContain("set s4").doesNotContain("@s4");
    }

    @Test
    void plan_egressBlackholeWithoutEgressHookFallsBackToDownIfb() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.0/24"));
        Plan plan = planner.plan(ID, egress(53, Protocol.UDP, t),
                twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK)), CONTEXT);
        StringBuilder batch = new StringBuilder();
        for (String dev : new String[] {"eth0", "eth1"}) {
            String f = "filter add dev " + dev + " egress protocol ";
            batch.append(f).append("ip prio 1 u32 match ip dst 169.254.170.2/32 classid 1:1\n")
                    .append(f).append("ip prio 1 u32 match ip dst 169.254.169.254/32 classid 1:1\n")
                    .append(f).append("ip prio 1 u32 match ip dst 127.0.0.0/8 classid 1:1\n")
                    .append(f).append("ipv6 prio 2 u32 match ip6 dst fd00:ec2::254/128 classid 1:1\n")
                    .append(f).append("ipv6 prio 2 u32 match ip6 dst fd00:ec2::23/128 classid 1:1\n")
                    .append(f).append("ipv6 prio 2 u32 match ip6 dst ::1/128 classid 1:1\n")
                    .append(f).append("ip prio 3 u32 match ip protocol 17 0xff match ip dport 53 0xffff "
                            + "match ip dst 198.51.100.0/24 action mirred egress redirect dev nf1a2b3c4dd\n");
        }

        assertThat(lines(plan.apply())).containsExactly("ip link add nf1a2b3c4dd type ifb",
                "tc qdisc add dev eth0 clsact", "tc qdisc add dev eth1 clsact", "tc -batch -\n" + batch);
        assertThat(lines(plan.revert())).containsExactly("tc qdisc del dev eth1 clsact", "tc qdisc del dev eth0 clsact",
                "ip link del nf1a2b3c4dd");
        assertThat(lines(plan.rollbackAfter(1))).as("the first clsact was refused: only the ifb is undone")
                .containsExactly("ip link del nf1a2b3c4dd");
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly(
                "tc -j filter show dev eth0 egress", "tc -j filter show dev eth1 egress", "ip -j link show nf1a2b3c4dd");
        assertThat(plan.verify().get(0).expect()).containsExactly("\"kind\":\"mirred\"", "\"to_dev\":\"nf1a2b3c4dd\"");
        assertThat(plan.mechanism()).isEqualTo("tc clsact egress redirect to a down ifb");
        assertThat(plan.notes()).contains("this fallback has no kernel-side expiry: only a revert (or the agent's reconcile) removes it");
    }

    @Test
    void plan_egressBlackholeFallbackWithoutSourcesMatchesBothFamilies() {
        Plan plan = planner.plan(ID, egress(443, Protocol.TCP, Targeting.all().withInterface(InterfaceName.of("eth0"))),
                twoLinks(without(Capabilities.full(), Feature.NFTABLES)), CONTEXT);

        assertThat(plan.apply().get(2).stdin()).endsWith(
                "filter add dev eth0 egress protocol ip prio 3 u32 match ip protocol 6 0xff match ip dport 443 0xffff "
                        + "action mirred egress redirect dev nf1a2b3c4dd\n"
                        + "filter add dev eth0 egress protocol ipv6 prio 4 u32 match ip6 protocol 6 0xff match ip6 dport 443 0xffff "
                        + "action mirred egress redirect dev nf1a2b3c4dd\n");
    }

    @Test
    void plan_egressBlackholeFallbackRefusesAnExistingIngressQdisc() {
        var facts = facts(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK),
                Link.of("eth0", RootQdisc.kernelDefault("noqueue")).withIngressQdisc("clsact"));

        assertThatThrownBy(() -> planner.plan(ID, egress(443, Protocol.TCP, Targeting.all()), facts, CONTEXT))
                .isInstanceOf(ForeignQdiscException.class)
                .hasMessage("interface eth0 already has a clsact qdisc that netfault does not own; the egress blackhole "
                        + "fallback (no nftables egress hook: not available in this namespace) needs its own clsact qdisc "
                        + "there and netfault never deletes or replaces a qdisc it does not own. Remove it yourself if nothing needs it");
    }

    @Test
    void plan_egressBlackholeFallbackRefusesWhileAnotherFallbackBlackholeRuns() {
        var facts = facts(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK),
                Link.of("eth0", RootQdisc.kernelDefault("noqueue")).withIngressQdisc("clsact"),
                Link.of("nf0badcafed", RootQdisc.kernelDefault("noop")));

        assertThatThrownBy(() -> planner.plan(ID, egress(443, Protocol.TCP, Targeting.all()), facts, CONTEXT))
                .isInstanceOf(SlotTakenException.class)
                .hasMessageStartingWith("a netfault fault already uses the clsact qdisc of eth0; stop it first (")
                .hasMessageEndingWith(" needs its own clsact qdisc there)");
    }

    @Test
    void plan_egressBlackholeWithoutAnySilentMechanismIsUnsupported() {
        assertThatThrownBy(() -> planner.plan(ID, egress(443, Protocol.TCP, Targeting.all()),
                twoLinks(without(Capabilities.full(), Feature.NFT_EGRESS_HOOK, Feature.IFB)), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("an egress blackhole needs the nftables netdev egress hook (not available in this namespace) "
                        + "or tc clsact, u32, mirred and ifb (ifb: not available in this namespace); "
                        + "use a 5.16+ kernel with nftables, or run `netfault doctor`");
    }

    @Test
    void apply_egressBlackholeRunsOneNftProcess() throws InterruptedException {
        Plan plan = planner.plan(ID, egress(443, Protocol.TCP, Targeting.all()), twoLinks(Capabilities.full()), CONTEXT);
        RecordingRunner runner = new RecordingRunner();
        PlanExecutor executor = new PlanExecutor(runner, Duration.ofSeconds(5));

        executor.apply(plan);
        executor.revert(plan);

        assertThat(runner.lines()).containsExactly("nft -f -", "nft delete table netdev netfault_1a2b3c4d");
    }
}
