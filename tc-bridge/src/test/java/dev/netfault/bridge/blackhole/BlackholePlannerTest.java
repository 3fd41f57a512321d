package dev.netfault.bridge.blackhole;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ingress blackholes where nftables is unavailable: the iptables chain (unleased). */
class BlackholePlannerTest {

    private static final Capabilities IPTABLES = without(Capabilities.full(), Feature.NFTABLES);

    private static final String X4 = """
            -A NETFAULT-1a2b3c4d -s 169.254.170.2/32 -j RETURN
            -A NETFAULT-1a2b3c4d -s 169.254.169.254/32 -j RETURN
            -A NETFAULT-1a2b3c4d -s 127.0.0.0/8 -j RETURN
            """;
    private static final String X6 = """
            -A NETFAULT-1a2b3c4d -s fd00:ec2::254/128 -j RETURN
            -A NETFAULT-1a2b3c4d -s fd00:ec2::23/128 -j RETURN
            -A NETFAULT-1a2b3c4d -s ::1/128 -j RETURN
            """;
    private static final String TAIL = " -m time --datestop 2026-11-26T16:59:59 -m comment --comment netfault:1a2b3c4d -j DROP\n";
    private static final String JUMP = "-I INPUT 1 -m comment --comment netfault:1a2b3c4d -j NETFAULT-1a2b3c4d\nCOMMIT\n";

    private final BlackholePlanner planner = new BlackholePlanner();

    private static BlackholeSpec spec(int port, Protocol p, Direction d, Targeting t) {
        return new BlackholeSpec(port, p, d, t);
    }

    private static List<String> revert(String program) {
        return List.of(program + " -w 5 -D INPUT -m comment --comment netfault:1a2b3c4d -j NETFAULT-1a2b3c4d",
                program + " -w 5 -F NETFAULT-1a2b3c4d", program + " -w 5 -X NETFAULT-1a2b3c4d");
    }

    @Test
    void plan_ingressBlackholeAllAddressesUsesBothFamilies() {
        Plan plan = planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                twoLinks(IPTABLES), CONTEXT);

        assertThat(lines(plan.apply())).containsExactly(
                "iptables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X4
                        + "-A NETFAULT-1a2b3c4d ! -i lo -p tcp --dport 443" + TAIL + JUMP,
                "ip6tables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X6
                        + "-A NETFAULT-1a2b3c4d ! -i lo -p tcp --dport 443" + TAIL + JUMP);
        List<String> expectedRevert = new ArrayList<>(revert("iptables"));
        expectedRevert.addAll(revert("ip6tables"));
        assertThat(lines(plan.revert())).containsExactlyElementsOf(expectedRevert);
        assertThat(plan.verify()).extracting(c -> c.command().line()).containsExactly(
                "iptables -w 5 -S NETFAULT-1a2b3c4d", "iptables -w 5 -S INPUT",
                "ip6tables -w 5 -S NETFAULT-1a2b3c4d", "ip6tables -w 5 -S INPUT");
        assertThat(plan.verify().get(0).expect()).containsExactly(
                "--dport 443", "--datestop 2026-11-26T16:59:59", "netfault:1a2b3c4d", "-j DROP");
        assertThat(plan.verify().get(1).expect()).containsExactly("-j NETFAULT-1a2b3c4d");
        assertThat(plan.mechanism()).isEqualTo("iptables+ip6tables INPUT");
        assertThat(plan.lease().leased()).isFalse();
        assertThat(plan.lease().unleasedReason()).hasValue("an ingress blackhole is leased only through nftables, "
                + "which is unavailable here (nft: not available in this namespace); install nftables (Debian package nftables)");
        assertThat(plan.interfaces()).containsExactly("eth0", "eth1");
        assertThat(plan.kind()).isEqualTo("blackhole");
    }

    @Test
    void plan_ingressBlackholeVerifyPassesOnWhatIptablesPrints() {
        Plan plan = planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                twoLinks(IPTABLES), CONTEXT);
        Check chain = plan.verify().get(0);
        String printed = "-N NETFAULT-1a2b3c4d\n-A NETFAULT-1a2b3c4d ! -i lo -p tcp -m tcp --dport 443 -m time "
                + "--datestop 2026-11-26T16:59:59 -m comment --comment \"netfault:1a2b3c4d\" -j DROP\n";

        assertThat(chain.passes(0, printed)).isTrue();
        assertThat(chain.passes(1, "")).isFalse();
        assertThat(plan.verify().get(1).passes(0,
                "-P INPUT ACCEPT\n-A INPUT -m comment --comment \"netfault:1a2b3c4d\" -j NETFAULT-1a2b3c4d\n")).isTrue();
    }

    @Test
    void plan_ingressBlackholeIpv4SourcesOnOneInterface() {
        Targeting t = Targeting.all().withSources(cidrs("198.51.100.7", "198.51.100.64/26"))
                .withExemptions(cidrs("198.51.100.9")).withInterface(InterfaceName.of("eth0"));
        Plan plan = planner.plan(ID, spec(53, Protocol.UDP, Direction.INGRESS, t), twoLinks(IPTABLES), CONTEXT);

        assertThat(lines(plan.apply())).containsExactly(
                "iptables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X4
                        + "-A NETFAULT-1a2b3c4d -s 198.51.100.9/32 -j RETURN\n"
                        + "-A NETFAULT-1a2b3c4d -s 198.51.100.7/32 -i eth0 -p udp --dport 53" + TAIL
                        + "-A NETFAULT-1a2b3c4d -s 198.51.100.64/26 -i eth0 -p udp --dport 53" + TAIL + JUMP);
        assertThat(lines(plan.revert())).containsExactlyElementsOf(revert("iptables"));
        assertThat(plan.mechanism()).isEqualTo("iptables INPUT");
        assertThat(plan.interfaces()).containsExactly("eth0");
    }

    @Test
    void plan_ingressBlackholeIpv6SourcesUseOnlyIp6tables() {
        Targeting t = Targeting.all().withSources(cidrs("2001:db8::/32"));
        Plan plan = planner.plan(ID, spec(8080, Protocol.TCP, Direction.INGRESS, t), twoLinks(IPTABLES), CONTEXT);

        assertThat(lines(plan.apply())).containsExactly(
                "ip6tables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X6
                        + "-A NETFAULT-1a2b3c4d -s 2001:db8::/32 ! -i lo -p tcp --dport 8080" + TAIL + JUMP);
        assertThat(lines(plan.revert())).containsExactlyElementsOf(revert("ip6tables"));
        assertThat(plan.mechanism()).isEqualTo("ip6tables INPUT");
    }

    @Test
    void plan_ingressBlackholeMixedSourcesSplitByFamily() {
        Targeting t = Targeting.all().withSources(cidrs("2001:db8::5", "198.51.100.0/24"))
                .withExemptions(cidrs("2001:db8::1", "198.51.100.1"));
        Plan plan = planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, t), twoLinks(IPTABLES), CONTEXT);

        assertThat(lines(plan.apply())).containsExactly(
                "iptables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X4
                        + "-A NETFAULT-1a2b3c4d -s 198.51.100.1/32 -j RETURN\n"
                        + "-A NETFAULT-1a2b3c4d -s 198.51.100.0/24 ! -i lo -p tcp --dport 443" + TAIL + JUMP,
                "ip6tables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X6
                        + "-A NETFAULT-1a2b3c4d -s 2001:db8::1/128 -j RETURN\n"
                        + "-A NETFAULT-1a2b3c4d -s 2001:db8::5/128 ! -i lo -p tcp --dport 443" + TAIL + JUMP);
    }

    private static List<String> seventeen() {
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= 17; i++) {
            s.add("198.51.100." + i);
        }
        return s;
    }

    @Test
    void plan_ingressBlackholeManySourcesUseAnIpset() {
        List<String> sources = new ArrayList<>(seventeen());
        sources.add("2001:db8::7");
        Targeting t = Targeting.all().withSources(cidrs(sources.toArray(String[]::new)));
        Plan plan = planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, t), twoLinks(IPTABLES), CONTEXT);

        StringBuilder set = new StringBuilder("ipset restore\ncreate nf1a2b3c4d-s4 hash:net family inet\n");
        for (int i = 1; i <= 17; i++) {
            set.append("add nf1a2b3c4d-s4 198.51.100.").append(i).append("/32\n");
        }
        assertThat(lines(plan.apply())).containsExactly(set.toString(),
                "iptables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X4
                        + "-A NETFAULT-1a2b3c4d -m set --match-set nf1a2b3c4d-s4 src ! -i lo -p tcp --dport 443" + TAIL + JUMP,
                "ip6tables-restore -w 5 --noflush\n*filter\n:NETFAULT-1a2b3c4d - [0:0]\n" + X6
                        + "-A NETFAULT-1a2b3c4d -s 2001:db8::7/128 ! -i lo -p tcp --dport 443" + TAIL + JUMP);
        List<String> expectedRevert = new ArrayList<>(revert("iptables"));
        expectedRevert.addAll(revert("ip6tables"));
        expectedRevert.add("ipset destroy nf1a2b3c4d-s4");
        assertThat(lines(plan.revert())).containsExactlyElementsOf(expectedRevert);
        assertThat(plan.verify().get(0).command().line()).isEqualTo("ipset list -n nf1a2b3c4d-s4");
        assertThat(plan.mechanism()).isEqualTo("iptables+ip6tables INPUT with ipset");
    }

    @Test
    void plan_ingressBlackholeManySourcesWithoutIpsetUseOneRuleEach() {
        Targeting t = Targeting.all().withSources(cidrs(seventeen().toArray(String[]::new)));
        Plan plan = planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, t),
                twoLinks(without(Capabilities.full(), Feature.NFTABLES, Feature.IPSET)), CONTEXT);

        assertThat(plan.apply()).hasSize(1);
        assertThat(plan.apply().get(0).stdin()).contains("-A NETFAULT-1a2b3c4d -s 198.51.100.17/32 ! -i lo")
                .doesNotContain("--match-set");
        assertThat(plan.notes()).contains("ipset is unavailable (not available in this namespace): one rule per source");
    }

    @Test
    void plan_ingressBlackholeWithoutIp6tablesCoversIpv4AndSaysSo() {
        Plan plan = planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                twoLinks(without(Capabilities.full(), Feature.NFTABLES, Feature.IP6TABLES)), CONTEXT);

        assertThat(plan.apply()).extracting(c -> c.line()).containsExactly("iptables-restore -w 5 --noflush");
        assertThat(plan.notes()).contains("IPv6 is not blackholed: ip6tables is unavailable (not available in this namespace)");
    }

    @Test
    void plan_ingressBlackholeOfIpv6SourcesWithoutIp6tablesIsRefused() {
        Targeting t = Targeting.all().withSources(cidrs("2001:db8::1"));
        assertThatThrownBy(() -> planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, t),
                twoLinks(without(Capabilities.full(), Feature.NFTABLES, Feature.IP6TABLES)), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("an ingress blackhole of IPv6 sources needs ip6tables: not available in this namespace; "
                        + "install ip6tables or run `netfault doctor`");
    }

    @Test
    void plan_ingressBlackholeWithoutTimeMatchIsRefused() {
        assertThatThrownBy(() -> planner.plan(ID, spec(443, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                twoLinks(without(Capabilities.full(), Feature.NFTABLES, Feature.MATCH_TIME)), CONTEXT))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessageContaining("time: not available in this namespace; comment: ok");
    }

    @Test
    void plan_blackholeOfTheControlPortIsRefused() {
        assertThatThrownBy(() -> planner.plan(ID, spec(51680, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                twoLinks(IPTABLES), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port: 51680 (expected: not the agent's own control port 51680/tcp)");
        assertThatThrownBy(() -> planner.plan(ID, spec(51680, Protocol.TCP, Direction.EGRESS, Targeting.all()),
                twoLinks(IPTABLES), CONTEXT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plan_udpBlackholeOnTheControlPortNumberIsAllowed() {
        Plan plan = planner.plan(ID, spec(51680, Protocol.UDP, Direction.INGRESS, Targeting.all()),
                twoLinks(IPTABLES), CONTEXT);
        assertThat(plan.apply().get(0).stdin()).contains("-p udp --dport 51680");
    }
}
