package dev.netfault.bridge.loss;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.KernelRoundTrip;
import dev.netfault.bridge.testing.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The nftables loss fallback's golden scripts are what this kernel (no sch_netem) accepts. */
@Tag("privileged")
class LossKernelTest {

    private final LossPlanner planner = new LossPlanner();
    private Netns ns;

    @BeforeEach
    void setUp() throws InterruptedException {
        Netns.assumeRoot();
        ns = KernelRoundTrip.namespace("nfpll");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (ns != null) {
            ns.close();
        }
    }

    private void roundTrip(LossSpec spec) throws InterruptedException {
        KernelRoundTrip.applyVerifyRevert(ns, planner.plan(ID, spec, twoLinks(Capabilities.withoutNetem()), CONTEXT));
    }

    @Test
    void plan_egressNftLossIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(LossSpec.random(20, Targeting.all()));
        roundTrip(LossSpec.random(20, Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32"))
                .withExemptions(cidrs("198.51.100.9")).withFlowsPercent(50)));
    }

    @Test
    void plan_ingressNftLossIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(LossSpec.random(100, Targeting.all().withDirection(Direction.INGRESS)
                .withSources(cidrs("2001:db8::1", "198.51.100.7"))));
    }
}
