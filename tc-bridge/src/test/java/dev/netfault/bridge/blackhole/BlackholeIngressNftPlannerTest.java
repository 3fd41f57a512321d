package dev.netfault.bridge.blackhole;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.lines;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ingress blackholes in netfault's own nft table on the input hook, held by the deadline and the lease. */
class BlackholeIngressNftPlannerTest {

    private final BlackholePlanner planner = new BlackholePlanner();

    @Test
    void plan_ingressBlackholeAllAddressesIsOneLeasedInetTable() {
        Plan plan = planner.plan(ID, new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS,
                Targeting.all().withDirection(Direction.INGRESS)), twoLinks(Capabilities.full()), CONTEXT);

        assertThat(lines(plan.apply())).containsExactly("nft -f -\ntable inet netfault_1a2b3c4d {\n"
                + BlackholeEgressPlannerTest.SETS
                + "\tchain input {\n\t\ttype filter hook input priority -1; policy accept;\n"
                + "\t\tip saddr @x4 return\n\t\tip6 saddr @x6 return\n"
                + "\t\tiifname != \"lo\" meta protocol @lease meta l4proto tcp tcp dport 443 meta time < "
                + "\"2026-11-26 17:00:00\" counter drop\n\t}\n}\n");
        assertThat(plan.apply().get(0).env()).containsEntry("TZ", "UTC");
        assertThat(lines(plan.revert())).containsExactly("nft delete table inet netfault_1a2b3c4d");
        assertThat(plan.verify()).singleElement().satisfies(c -> {
            assertThat(c.command().line()).isEqualTo("nft -t list table inet netfault_1a2b3c4d");
            assertThat(c.expect()).containsExactly("table inet netfault_1a2b3c4d", "hook input", "tcp dport 443", "drop");
        });
        assertThat(plan.mechanism()).isEqualTo("nftables inet input");
        assertThat(lines(plan.lease().renew())).containsExactly("nft -f -\n"
                + "flush set inet netfault_1a2b3c4d lease\n"
                + "add element inet netfault_1a2b3c4d lease { ip timeout 15000ms, ip6 timeout 15000ms }\n");
        assertThat(plan.lease().alive()).singleElement()
                .satisfies(c -> assertThat(c.command().line()).isEqualTo("nft list set inet netfault_1a2b3c4d lease"));
    }

    @Test
    void plan_ingressBlackholeSourcesOnOneInterfaceWithAShortLease() {
        Targeting t = Targeting.all().withDirection(Direction.INGRESS).withSources(cidrs("198.51.100.0/24", "2001:db8::7"))
                .withInterface(InterfaceName.of("eth1"));
        PlanContext context = PlanContext.of(CONTEXT.expiresAt(), 51680, List.of(), Duration.ofMillis(3500));
        Plan plan = planner.plan(ID, new BlackholeSpec(53, Protocol.UDP, Direction.INGRESS, t), twoLinks(Capabilities.full()),
                context);
        String tail = "meta l4proto udp udp dport 53 meta time < \"2026-11-26 17:00:00\" counter drop\n";

        assertThat(plan.apply().get(0).stdin())
                .contains("\t\telements = { ip timeout 3500ms, ip6 timeout 3500ms }\n")
                .contains("\tset s4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 198.51.100.0/24 }\n\t}\n")
                .contains("\tset s6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\telements = { 2001:db8::7 }\n\t}\n")
                .endsWith("\t\tiifname \"eth1\" meta protocol @lease ip saddr @s4 " + tail
                        + "\t\tiifname \"eth1\" meta protocol @lease ip6 saddr @s6 " + tail + "\t}\n}\n");
        assertThat(plan.interfaces()).containsExactly("eth1");
    }
}
