package dev.netfault.bridge.tc;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.KernelRoundTrip;
import dev.netfault.bridge.testing.ScratchNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * This kernel has no sch_netem, so the tc layout is fed to it with {@code pfifo} standing in for netem: everything
 * else of the batch (htb root and classes, u32 filters of both families, ingress redirect to the ifb) must be accepted,
 * and revert must restore the namespace byte for byte. Real netem is proven on the guest kernel.
 */
@Tag("privileged")
class NetemTreeKernelTest {

    private ScratchNamespace ns;

    @BeforeEach
    void setUp() throws InterruptedException {
        KernelRoundTrip.assumeRoot();
        ns = ScratchNamespace.create("nfplt");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (ns != null) {
            ns.close();
        }
    }

    private void roundTrip(Targeting t) throws InterruptedException {
        NamespaceFacts facts = twoLinks(without(Capabilities.full(), Feature.PRIO, Feature.NFT_EGRESS_HOOK)); // the u32 layout
        Plan real = NetemFault.plan(ID, "latency", Scope.of(t, CONTEXT), facts, facts.targets(t.iface()),
                "limit 14000 delay 100ms 10ms", List.of());
        List<Command> apply = real.apply().stream().map(c -> c.stdin() == null ? c
                : c.withStdin(c.stdin().replace("netem limit 14000 delay 100ms 10ms", "pfifo limit 1000"))).toList();
        Plan standIn = new Plan(real.id(), real.kind(), real.mechanism(), real.interfaces(), apply, List.of(),
                real.revert(), real.notes(), real.lease());
        PlanExecutor executor = new PlanExecutor(ns.runner(), Duration.ofSeconds(10));
        String before = KernelRoundTrip.snapshot(ns);

        executor.apply(standIn);
        String dev = t.direction() == Direction.EGRESS ? "eth0" : "nf1a2b3c4di";
        assertThat(ns.must("tc", "-j", "qdisc", "show", "dev", dev))
                .contains("\"kind\":\"htb\",\"handle\":\"4e46:\"", "\"kind\":\"pfifo\",\"handle\":\"4e47:\"");
        assertThat(ns.must("tc", "filter", "show", "dev", dev, "parent", "4e46:")).contains("flowid 4e46:1", "flowid 4e46:3");
        assertThat(executor.revert(standIn)).isEmpty();
        assertThat(KernelRoundTrip.snapshot(ns)).isEqualTo(before);
    }

    @Test
    void plan_egressHtbLayoutIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(Targeting.all());
        roundTrip(Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32", "198.51.100.7")));
    }

    @Test
    void plan_ingressRedirectToIfbIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(Targeting.all().withDirection(Direction.INGRESS).withSources(cidrs("2001:db8::1", "198.51.100.7")));
    }
}
