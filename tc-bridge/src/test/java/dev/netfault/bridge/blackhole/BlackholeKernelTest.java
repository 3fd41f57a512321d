package dev.netfault.bridge.blackhole;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.KernelRoundTrip;
import dev.netfault.bridge.testing.ScratchNamespace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The blackhole plans' golden scripts are what this kernel accepts: apply, verify and revert them for real. */
@Tag("privileged")
class BlackholeKernelTest {

    private final BlackholePlanner planner = new BlackholePlanner();
    private ScratchNamespace ns;

    @BeforeEach
    void setUp() throws InterruptedException {
        KernelRoundTrip.assumeRoot();
        ns = ScratchNamespace.create("nfplb");
        // the application's own rules: they must survive a fault cycle byte for byte (and make iptables-nft create
        // its built-in tables now, not during the fault)
        ns.must("iptables", "-w", "5", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
        ns.must("ip6tables", "-w", "5", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (ns != null) {
            ns.close();
        }
    }

    private void roundTrip(BlackholeSpec spec, Capabilities caps) throws InterruptedException {
        KernelRoundTrip.applyVerifyRevert(ns, planner.plan(ID, spec, twoLinks(caps), CONTEXT));
    }

    @Test
    void plan_ingressBlackholeBothFamiliesIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS,
                Targeting.all().withExemptions(cidrs("198.51.100.9", "2001:db8::9"))), Capabilities.full());
    }

    @Test
    void plan_ingressBlackholeWithIpsetIsAcceptedAndReverted() throws InterruptedException {
        List<String> sources = new ArrayList<>();
        for (int i = 1; i <= 17; i++) {
            sources.add("198.51.100." + i);
            sources.add("2001:db8::" + i);
        }
        roundTrip(new BlackholeSpec(53, Protocol.UDP, Direction.INGRESS,
                Targeting.all().withSources(cidrs(sources.toArray(String[]::new)))), Capabilities.full());
    }

    @Test
    void plan_egressBlackholeNftablesIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(new BlackholeSpec(53, Protocol.UDP, Direction.EGRESS,
                Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32", "198.51.100.7"))
                        .withExemptions(cidrs("198.51.100.9", "127.0.0.1"))), Capabilities.full());
        roundTrip(new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all()), Capabilities.full());
    }

    @Test
    void plan_egressBlackholeIfbFallbackIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(new BlackholeSpec(53, Protocol.UDP, Direction.EGRESS,
                Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32"))),
                without(Capabilities.full(), Feature.NFT_EGRESS_HOOK));
    }
}
