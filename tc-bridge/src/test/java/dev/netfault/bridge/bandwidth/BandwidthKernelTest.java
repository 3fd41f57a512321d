package dev.netfault.bridge.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.state.ObjectKind;
import dev.netfault.bridge.state.StateReader;
import dev.netfault.bridge.sweep.SweepResult;
import dev.netfault.bridge.sweep.Sweeper;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ApplicationState;
import dev.netfault.bridge.testing.Facts;
import dev.netfault.bridge.testing.KernelRoundTrip;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bandwidth beside the other kernel state it must live with, on real traffic: a latency tree on the same interface's
 * root (pfifo standing in for netem, which this kernel lacks), an application's own rules and root qdisc, and the
 * sweeper that removes an abandoned fault. Each ends byte-identical to before.
 */
@Tag("privileged")
@SuppressWarnings("try")
class BandwidthKernelTest {

    static final int SHAPED = 5001;
    static final Targeting SHAPED_PORT = Targeting.all().withPorts(List.of(SHAPED)).withProtocol(Protocol.TCP);

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    @Test
    void bandwidthBesideLatencyTree_bothApplyAndBothRevertByteIdentical() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix("nfbwc").create()) {
            Netns a = pair.a();
            PlanExecutor executor = a.executor();
            String before = KernelRoundTrip.snapshot(a);
            Plan latency = latencyStandIn(a);
            executor.apply(latency);
            Plan bandwidth = null;
            try {
                bandwidth = AppliedFault.plan(a, new BandwidthSpec(2_000, 0, SHAPED_PORT), Instant.now().plusSeconds(600),
                        Facts.capabilities());
                executor.apply(bandwidth);
                assertThat(executor.verify(bandwidth)).isEmpty();
                long impairedBefore = packets(a, "4e46:1");
                double kbit = goodput(pair, "egress 2000kbit beside a latency tree (pfifo for netem)");
                assertThat(kbit).isBetween(1_800.0, 2_200.0);
                assertThat(packets(a, "4e46:1") - impairedBefore).as("shaped packets still pass the latency class")
                        .isGreaterThan(500);
            } finally {
                if (bandwidth != null) {
                    assertThat(executor.revert(bandwidth)).isEmpty();
                }
                assertThat(executor.revert(latency)).isEmpty();
            }
            assertThat(KernelRoundTrip.snapshot(a)).isEqualTo(before);
        }
    }

    @Test
    void bandwidthBesideApplicationState_shapesUnderTheirRootAndRevertsByteIdentical() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix("nfbwa").create()) {
            ApplicationState.install(pair.a(), 8080);
            String before = withoutCounters(KernelRoundTrip.snapshot(pair.a()));
            try (AppliedFault fault = AppliedFault.apply(pair.a(), new BandwidthSpec(2_000, 0, SHAPED_PORT))) {
                assertThat(fault.verify()).isEmpty();
                assertThat(goodput(pair, "egress 2000kbit under the application's htb root"))
                        .isBetween(1_800.0, 2_200.0);
                assertThat(fault.revert()).isEmpty();
            }
            assertThat(withoutCounters(KernelRoundTrip.snapshot(pair.a()))).isEqualTo(before);
        }
    }

    /** The snapshot without nft's packet counters: the measured traffic itself counts in the application's rules. */
    private static String withoutCounters(String snapshot) {
        return snapshot.replaceAll("counter packets \\d+ bytes \\d+", "counter");
    }

    @Test
    void sweep_findsAndRemovesAnAbandonedEgressAndIngressLimit() throws Exception {
        try (NetnsPair pair = NetnsPair.builder().prefix("nfbws").create()) {
            for (Direction d : Direction.values()) {
                Netns a = pair.a();
                String before = KernelRoundTrip.snapshot(a);
                AppliedFault fault = AppliedFault.apply(a, new BandwidthSpec(2_000, 0, SHAPED_PORT.withDirection(d)));
                fault.abandon(); // as an agent killed with SIGKILL leaves it
                List<KernelObject> owned = new StateReader(a.runner()).read().objectsOf(fault.plan().id());
                List<ObjectKind> expected = d == Direction.EGRESS
                        ? List.of(ObjectKind.NFT_TABLE, ObjectKind.TC_INGRESS, ObjectKind.LINK, ObjectKind.TC_QDISC)
                        : List.of(ObjectKind.TC_INGRESS, ObjectKind.LINK, ObjectKind.TC_QDISC);
                assertThat(owned).extracting(KernelObject::kind).as(owned.toString())
                        .containsExactlyInAnyOrderElementsOf(expected);

                SweepResult swept = new Sweeper(a.runner()).sweep(id -> false, false);

                assertThat(swept.errors()).isEmpty();
                assertThat(swept.left()).isEmpty();
                assertThat(new StateReader(a.runner()).read().isEmpty()).isTrue();
                assertThat(KernelRoundTrip.snapshot(a)).isEqualTo(before);
            }
        }
    }

    /** The latency plan this box would get with netem, its netem swapped for pfifo and its netem check left out. */
    private static Plan latencyStandIn(Netns ns) throws InterruptedException {
        Capabilities caps = Facts.capabilities().with(Feature.NETEM);
        Plan real = new FaultPlanner().plan(dev.netfault.bridge.plan.FaultId.random(),
                new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()), Facts.read(ns, caps),
                PlanContext.of(Instant.now().plusSeconds(600), PlanContext.DEFAULT_CONTROL_PORT, List.of(),
                        PlanContext.MAX_LEASE));
        assertThat(real.mechanism()).isEqualTo("tc htb+netem, nft priority");
        List<Command> apply = real.apply().stream().map(c -> c.stdin() == null ? c
                : c.withStdin(c.stdin().replaceAll("netem limit \\d+ delay 100ms 0ms", "pfifo limit 10000"))).toList();
        return new Plan(real.id(), real.kind(), real.mechanism(), real.interfaces(), real.touches(), apply,
                List.of(real.verify().get(real.verify().size() - 1)), real.revert(), real.notes(), real.lease());
    }

    private static double goodput(NetnsPair pair, String what) throws InterruptedException {
        try (TrafficProcess sink = TrafficClient.in(pair.b()).tcpSink(SHAPED)) {
            long sent = TrafficClient.in(pair.a()).tcpBlast(NetnsPair.B_IPV4, SHAPED, 6);
            String line = sink.awaitLine("goodput ", Duration.ofSeconds(30));
            double kbit = Double.parseDouble(line.split(" ")[1]);
            System.out.println("MEASURED " + what + ": " + Math.round(kbit) + " kbit/s (" + line + ", sent " + sent + ")");
            return kbit;
        }
    }

    /** Packets sent through an htb class of the veth, from {@code tc -s class show}. */
    private static long packets(Netns ns, String classid) throws InterruptedException {
        String out = ns.exec("tc", "-s", "class", "show", "dev", ns.iface(), "classid", classid);
        Matcher m = Pattern.compile("Sent \\d+ bytes (\\d+) pkt").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
