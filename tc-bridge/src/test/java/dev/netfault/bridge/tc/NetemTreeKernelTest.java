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
import dev.netfault.bridge.testing.Netns;
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

    private Netns ns;

    @BeforeEach
    void setUp() throws InterruptedException {
        Netns.assumeRoot();
        ns = KernelRoundTrip.namespace("nfplt");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (ns != null) {
            ns.close();
        }
    }

    private void roundTrip(Targeting t) throws InterruptedException {
        roundTrip(t, without(Capabilities.full(), Feature.PRIO, Feature.NFT_EGRESS_HOOK)); // the u32 layout
    }

    private void roundTrip(Targeting t, Capabilities caps) throws InterruptedException {
        NamespaceFacts facts = twoLinks(caps);
        Plan real = NetemFault.plan(ID, "latency", Scope.of(t, CONTEXT), facts, facts.targets(t.iface()),
                "limit 14000 delay 100ms 10ms", List.of());
        List<Command> apply = real.apply().stream().map(c -> c.stdin() == null ? c
                : c.withStdin(c.stdin().replace("netem limit 14000 delay 100ms 10ms", "pfifo limit 1000"))).toList();
        Plan standIn = new Plan(real.id(), real.kind(), real.mechanism(), real.interfaces(), real.touches(), apply, List.of(),
                real.revert(), real.notes(), real.lease());
        PlanExecutor executor = new PlanExecutor(ns.runner(), Duration.ofSeconds(10));
        String before = KernelRoundTrip.snapshot(ns);

        executor.apply(standIn);
        String dev = t.direction() == Direction.EGRESS ? "eth0" : "nf1a2b3c4di";
        assertThat(ns.exec("tc", "-j", "qdisc", "show", "dev", dev))
                .contains("\"kind\":\"htb\",\"handle\":\"4e46:\"", "\"kind\":\"pfifo\",\"handle\":\"4e47:\"");
        assertThat(ns.exec("tc", "filter", "show", "dev", dev, "parent", "4e46:")).contains("flowid 4e46:1", "flowid 4e46:3");
        assertThat(executor.revert(standIn)).isEmpty();
        assertThat(KernelRoundTrip.snapshot(ns)).isEqualTo(before);
    }

    /**
     * The leased nft classifier on this kernel (htb, pfifo standing in for netem): packets the rule gives priority
     * {@code 4e46:1} land in class 4e46:1 with no tc filter; once the lease set is empty (a lapse) they land in the
     * unimpaired class 4e46:3; the renewal restores it; revert leaves the namespace as before.
     */
    @Test
    void plan_egressNftPriorityLayoutSteersByLeaseAndIsReverted() throws InterruptedException {
        NamespaceFacts facts = twoLinks(without(Capabilities.full(), Feature.PRIO));
        Targeting t = Targeting.all().withInterface(dev.netfault.bridge.target.InterfaceName.of("eth0"));
        Plan real = NetemFault.plan(ID, "latency", Scope.of(t, dev.netfault.bridge.plan.PlanContext.of(
                java.time.Instant.now().plusSeconds(600), 51680, List.of())), facts, facts.targets(t.iface()),
                "limit 14000 delay 100ms 10ms", List.of());
        assertThat(real.mechanism()).isEqualTo("tc htb+netem, nft priority");
        List<Command> apply = real.apply().stream().map(c -> c.stdin() == null ? c
                : c.withStdin(c.stdin().replace("netem limit 14000 delay 100ms 10ms", "pfifo limit 1000"))).toList();
        Plan standIn = new Plan(real.id(), real.kind(), real.mechanism(), real.interfaces(), real.touches(), apply,
                List.of(real.verify().get(1)), real.revert(), real.notes(), real.lease());
        PlanExecutor executor = new PlanExecutor(ns.runner(), Duration.ofSeconds(10));
        // the rule matches every packet of eth0: the link's own IPv6 chatter (DAD, router and MLD solicitations, sent
        // at random moments after link-up) would land in the classes counted below, so this test speaks IPv4 only
        ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.eth0.disable_ipv6=1");
        ns.exec("ip", "addr", "add", "198.51.100.1/24", "dev", "eth0");
        String mac = ns.exec("ip", "-br", "link", "show", "eth1").trim().split("\\s+")[2];
        ns.exec("ip", "neigh", "replace", "198.51.100.9", "lladdr", mac, "dev", "eth0", "nud", "permanent");
        String before = KernelRoundTrip.snapshot(ns);

        executor.apply(standIn);
        assertThat(executor.verify(standIn)).as("the nft rule as nft lists it").isEmpty();
        assertThat(executor.failing(real.lease().alive())).isEmpty();
        assertThat(ns.exec("tc", "filter", "show", "dev", "eth0")).as("no tc filter at all").isBlank();
        send5();
        long impaired = packets("4e46:1");
        assertThat(impaired).as("datagrams steered into the netem class").isGreaterThanOrEqualTo(5);

        ns.exec("nft", "flush", "set", "netdev", "netfault_" + ID.value(), "lease"); // what a lapse leaves
        assertThat(executor.failing(real.lease().alive())).hasSize(1);
        long unimpaired = packets("4e46:3");
        send5();
        assertThat(packets("4e46:1")).as("after the lapse nothing more is impaired").isEqualTo(impaired);
        assertThat(packets("4e46:3") - unimpaired).isGreaterThanOrEqualTo(5);

        assertThat(executor.runAll(dev.netfault.bridge.plan.Lease.mergeAll(List.of(real.lease())))).isEmpty();
        assertThat(executor.failing(real.lease().alive())).as("the renewal refills the lease").isEmpty();
        send5();
        assertThat(packets("4e46:1") - impaired).isGreaterThanOrEqualTo(5);

        assertThat(executor.revert(standIn)).isEmpty();
        assertThat(KernelRoundTrip.snapshot(ns)).isEqualTo(before);
    }

    /** Five UDP datagrams out of eth0 to 198.51.100.9 (bash's /dev/udp: no tool needed). */
    private void send5() throws InterruptedException {
        ns.exec("bash", "-c", "for i in 1 2 3 4 5; do echo netfault > /dev/udp/198.51.100.9/9; done");
    }

    /** Packets sent through an htb class of eth0, from {@code tc -s class show}. */
    private long packets(String classid) throws InterruptedException {
        String out = ns.exec("tc", "-s", "class", "show", "dev", "eth0", "classid", classid);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Sent \\d+ bytes (\\d+) pkt").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void plan_egressHtbLayoutIsAcceptedAndReverted() throws InterruptedException {
        roundTrip(Targeting.all());
        roundTrip(Targeting.all().withSources(cidrs("198.51.100.0/24", "2001:db8::/32", "198.51.100.7")));
    }

    @Test
    void plan_ingressRedirectToIfbIsAcceptedAndReverted() throws InterruptedException {
        // this kernel has no cls_basic, so the ungated (u32) redirect; the ipset-gated one is proven in the guest lane
        roundTrip(Targeting.all().withDirection(Direction.INGRESS).withSources(cidrs("2001:db8::1", "198.51.100.7")),
                without(Capabilities.full(), Feature.PRIO, Feature.EM_IPSET));
    }
}
