package dev.netfault.bridge.plan;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.latency.LatencyPlanner;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossPlanner;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdditionsTest {

    /** IPv6 neighbour discovery stays exempt once IPv6 is in the fault's scope. */
    private static final String ND = "icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, "
            + "nd-neighbor-advert, nd-redirect } return";
    private static final String UNTIL = " meta time < \"2026-11-26 17:00:00\" counter drop";

    private static Plan nftLoss(Targeting t) {
        return new LossPlanner().plan(ID, LossSpec.random(100, t), twoLinks(Capabilities.withoutNetem()), CONTEXT);
    }

    /** The u32 layout: a kernel without the nft egress hook (the unleased fallback). */
    private static Plan tcLatency(Targeting t) {
        return latency(t, dev.netfault.bridge.testing.Fixtures.without(Capabilities.full(), Feature.NFT_EGRESS_HOOK));
    }

    private static Plan latency(Targeting t, Capabilities caps) {
        return new LatencyPlanner().plan(ID, new LatencySpec(100, 0, 0, dev.netfault.bridge.latency.Distribution.NONE, t),
                twoLinks(caps), CONTEXT);
    }

    @Test
    void between_leasedLatencyGrowsOnlyItsNftSetsAndLeavesTheTcTreeAlone() {
        Plan before = latency(Targeting.all().withSources(cidrs("198.51.100.2")), Capabilities.full());
        Plan after = latency(Targeting.all().withSources(cidrs("198.51.100.2", "198.51.100.3")), Capabilities.full());

        List<Command> added = Additions.between(before, after);

        assertThat(before.mechanism()).isEqualTo("tc prio+netem, nft priority");
        assertThat(added).hasSize(1);
        assertThat(added.get(0).argv()).containsExactly("nft", "-f", "-");
        assertThat(added.get(0).stdin()).startsWith("flush set netdev netfault_1a2b3c4d ")
                .contains("198.51.100.2, 198.51.100.3").doesNotContain("qdisc");
    }

    @Test
    void between_nftGrowsAnExistingSetInOneTransaction() {
        Plan before = nftLoss(Targeting.all().withSources(cidrs("198.51.100.2")));
        Plan after = nftLoss(Targeting.all().withSources(cidrs("198.51.100.2", "198.51.100.3")));

        List<Command> added = Additions.between(before, after);

        assertThat(added).hasSize(1);
        assertThat(added.get(0).argv()).containsExactly("nft", "-f", "-");
        assertThat(added.get(0).env()).isEqualTo(Map.of("TZ", "UTC"));
        assertThat(added.get(0).stdin()).isEqualTo("flush set netdev netfault_1a2b3c4d s4\n"
                + "add element netdev netfault_1a2b3c4d s4 { 198.51.100.2, 198.51.100.3 }\n");
    }

    @Test
    void between_nftNewFamilyAddsItsSetAndOneDropRulePerChain() {
        Plan before = nftLoss(Targeting.all().withSources(cidrs("198.51.100.2")));
        Plan after = nftLoss(Targeting.all().withSources(cidrs("198.51.100.2", "2001:db8::2")));

        assertThat(Additions.between(before, after).get(0).stdin()).isEqualTo(
                "add set netdev netfault_1a2b3c4d s6 { type ipv6_addr; flags interval; }\n"
                + "add element netdev netfault_1a2b3c4d s6 { 2001:db8::2 }\n"
                + "insert rule netdev netfault_1a2b3c4d if0 " + ND + "\n"
                + "add rule netdev netfault_1a2b3c4d if0 meta protocol @lease ip6 daddr @s6" + UNTIL + "\n"
                + "insert rule netdev netfault_1a2b3c4d if1 " + ND + "\n"
                + "add rule netdev netfault_1a2b3c4d if1 meta protocol @lease ip6 daddr @s6" + UNTIL + "\n");
    }

    @Test
    void between_nftExemptionJoinsTheExemptSetBeforeAnyDrop() {
        Plan before = nftLoss(Targeting.all().withSources(cidrs("198.51.100.0/24")));
        Plan after = nftLoss(Targeting.all().withSources(cidrs("198.51.100.0/24")).withExemptions(cidrs("198.51.100.9")));

        assertThat(Additions.between(before, after).get(0).stdin()).isEqualTo(
                "flush set netdev netfault_1a2b3c4d x4\n"
                + "add element netdev netfault_1a2b3c4d x4 { 169.254.170.2, 169.254.169.254, 127.0.0.0/8, 198.51.100.9 }\n");
    }

    @Test
    void between_tcAddsOnlyTheNewFilters() {
        Plan before = tcLatency(Targeting.all().withSources(cidrs("198.51.100.2")));
        Plan after = tcLatency(Targeting.all().withSources(cidrs("198.51.100.2", "198.51.100.3"))
                .withExemptions(cidrs("198.51.100.4")));

        List<Command> added = Additions.between(before, after);

        assertThat(added).hasSize(1);
        assertThat(added.get(0).argv()).containsExactly("tc", "-batch", "-");
        assertThat(added.get(0).stdin().lines().toList()).containsExactly(
                "filter add dev eth0 parent 4e46: protocol ip prio 1 u32 match ip dst 198.51.100.4/32 flowid 4e46:3",
                "filter add dev eth0 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.3/32 flowid 4e46:1",
                "filter add dev eth1 parent 4e46: protocol ip prio 1 u32 match ip dst 198.51.100.4/32 flowid 4e46:3",
                "filter add dev eth1 parent 4e46: protocol ip prio 3 u32 match ip dst 198.51.100.3/32 flowid 4e46:1");
    }

    @Test
    void between_nothingNewIsNoCommand() {
        Plan p = nftLoss(Targeting.all().withSources(cidrs("198.51.100.2")));

        assertThat(Additions.between(p, p)).isEmpty();
    }

    @Test
    void between_aChangeThatRemovesIsRefused() {
        Plan before = tcLatency(Targeting.all().withSources(cidrs("198.51.100.2")));
        Plan after = tcLatency(Targeting.all().withSources(cidrs("198.51.100.3")));

        assertThatThrownBy(() -> Additions.between(before, after)).isInstanceOf(UnsupportedFaultException.class)
                .hasMessageContaining("would go");
    }
}
