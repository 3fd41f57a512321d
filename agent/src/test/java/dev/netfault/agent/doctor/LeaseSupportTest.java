package dev.netfault.agent.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.Health;
import dev.netfault.agent.kernel.KernelHealth;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseSupportTest {

    static Health health(Capabilities caps) {
        return KernelHealth.of(new FaultPlanner(),
                new NamespaceFacts(List.of(Link.of("eth0", RootQdisc.kernelDefault("noqueue"))), caps), "test");
    }

    @Test
    void of_aStockKernelLeasesEgressNetemAndEveryNetfilterFault() {
        assertThat(LeaseSupport.of(health(Capabilities.full()))).contains(
                "latency:            leased: tc prio+netem, nft priority",
                "loss:               leased: tc prio+netem, nft priority",
                "blackhole:          leased: nftables netdev egress",
                "blackhole-ingress:  leased: nftables inet input");
    }

    @Test
    void of_withoutTheEgressHookNamesWhatIsMissing() {
        assertThat(LeaseSupport.of(health(Fixtures.without(Capabilities.full(), Feature.NFT_EGRESS_HOOK)))).contains(
                "latency:            UNLEASED (refused unless --allow-unleased): egress latency classified by tc u32 "
                        + "filters has no kernel-held lease: it needs the nftables netdev egress hook (kernel 5.16+ and "
                        + "the nft binary) to steer packets into netem by a leased rule",
                "blackhole:          UNLEASED (refused unless --allow-unleased): the egress blackhole fallback (tc "
                        + "redirect to a down ifb) has no kernel-held deadline or lease: the nftables netdev egress hook "
                        + "is missing (not available in this namespace); use a 5.16+ kernel with nftables");
    }
}
