package dev.netfault.agent.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.testing.Fixtures;
import org.junit.jupiter.api.Test;

class LeaseSupportTest {

    @Test
    void of_aStockKernelLeasesEgressNetemAndEveryNetfilterFault() {
        assertThat(LeaseSupport.of(Capabilities.full())).contains(
                "latency egress:    leased: tc prio+netem, nft priority, gated by an nft set whose elements time out",
                "loss egress:       leased: tc prio+netem, nft priority, gated by an nft set whose elements time out",
                "blackhole egress:  leased: nftables netdev egress, gated by an nft set whose elements time out",
                "blackhole ingress: leased: nftables inet input, gated by an nft set whose elements time out");
    }

    @Test
    void of_withoutTheEgressHookNamesWhatIsMissing() {
        assertThat(LeaseSupport.of(Fixtures.without(Capabilities.full(), Feature.NFT_EGRESS_HOOK))).contains(
                "latency egress:    UNLEASED (refused unless --allow-unleased): egress latency classified by tc u32 "
                        + "filters has no kernel-held lease: it needs the nftables netdev egress hook (kernel 5.16+ and "
                        + "the nft binary) to steer packets into netem by a leased rule",
                "blackhole egress:  UNLEASED (refused unless --allow-unleased): the egress blackhole fallback (tc "
                        + "redirect to a down ifb) has no kernel-held deadline or lease: the nftables netdev egress hook "
                        + "is missing (not available in this namespace); use a 5.16+ kernel with nftables");
    }
}
