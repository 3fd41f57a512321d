package dev.netfault.bridge.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.Facts;
import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TracingRunner;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application's own ingress-side qdisc ({@code ingress} or {@code clsact}) with a u32 filter is never touched:
 * beside an ingress blackhole, beside a start that is refused because of it, and beside a start that races it (the
 * application adds it after netfault read the facts). After each, every qdisc and filter is byte-identical.
 */
@Tag("privileged")
@SuppressWarnings("try")
class AppIngressQdiscTest {

    static final int PORT = 8080;

    @BeforeAll
    static void root() {
        Netns.assumeRoot();
    }

    /** The application's qdisc and a u32 filter that only classifies (no action: it never drops). */
    static void appIngress(Netns ns, String qdisc) throws InterruptedException {
        if (qdisc.equals("ingress")) {
            ns.exec("tc", "qdisc", "add", "dev", ns.iface(), "handle", "ffff:", "ingress");
        } else {
            ns.exec("tc", "qdisc", "add", "dev", ns.iface(), "clsact");
        }
        ns.exec("tc", "filter", "add", "dev", ns.iface(), "ingress", "protocol", "ip", "pref", "10", "u32",
                "match", "ip", "src", "198.51.100.9/32", "classid", "1:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "clsact"})
    void ingressBlackhole_besideTheApplicationsQdiscBitesAndLeavesItByteIdentical(String qdisc) throws Exception {
        try (NetnsPair pair = NetnsPair.create();
             TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(PORT)) {
            Netns b = pair.b();
            appIngress(b, qdisc);
            KernelSnapshot before = KernelSnapshot.take(b);
            try (AppliedFault f = AppliedFault.apply(b, new BlackholeSpec(PORT, Protocol.TCP, Direction.INGRESS,
                    Targeting.all().withDirection(Direction.INGRESS)))) {
                long during = TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT, 500, 3).successes();
                System.out.println("MEASURED ingress blackhole beside the application's " + qdisc + " qdisc: "
                        + during + "/3 connects");
                assertThat(during).isZero();
            }
            KernelSnapshot after = KernelSnapshot.take(b);
            System.out.println("MEASURED ingress blackhole cycle beside the application's " + qdisc
                    + " qdisc + u32 filter: byte-identical " + before.equals(after));
            assertThat(after).as(before.diff(after)).isEqualTo(before);
            assertThat(after.filters()).contains("\"kind\":\"u32\"");
            assertThat(TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, PORT, 500, 2).successes()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "clsact"})
    void ingressLatency_refusedBecauseOfTheApplicationsQdiscAsTheKernelShowsIt(String qdisc) throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            Netns b = pair.b();
            appIngress(b, qdisc);
            KernelSnapshot before = KernelSnapshot.take(b);
            // planning only: this kernel has no netem, the refusal must come from the qdisc the facts now carry
            Capabilities caps = Facts.capabilities().with(Feature.NETEM);

            assertThatThrownBy(() -> AppliedFault.plan(b, latency(), Instant.now().plusSeconds(60), caps))
                    .isInstanceOf(ForeignQdiscException.class)
                    .hasMessageStartingWith("interface " + b.iface() + " already has " + (qdisc.equals("ingress")
                            ? "an ingress" : "a clsact") + " qdisc that netfault does not own");
            assertThat(KernelSnapshot.take(b)).isEqualTo(before);
        }
    }

    @Test
    void egressBlackholeFallback_refusedBecauseOfTheApplicationsClsact() throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            Netns b = pair.b();
            appIngress(b, "clsact");
            KernelSnapshot before = KernelSnapshot.take(b);
            Capabilities caps = Facts.capabilities().without(Feature.NFT_EGRESS_HOOK, "test: no egress hook");

            assertThatThrownBy(() -> AppliedFault.plan(b, new BlackholeSpec(PORT, Protocol.TCP, Direction.EGRESS,
                    Targeting.all()), Instant.now().plusSeconds(60), caps))
                    .isInstanceOf(ForeignQdiscException.class)
                    .hasMessageStartingWith("interface " + b.iface() + " already has a clsact qdisc that netfault does not own");
            assertThat(KernelSnapshot.take(b)).isEqualTo(before);
        }
    }

    /**
     * The measurement, as a race: the facts had no ingress qdisc, the application adds one before the apply.
     * The kernel refuses netfault's {@code ingress} qdisc ("Exclusivity flag on"), and the rollback removes only the
     * ifb made before it, never the application's qdisc and filter.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ingress", "clsact"})
    void ingressLatency_applicationQdiscAddedAfterPlanning_rollbackUndoesOnlyWhatRan(String qdisc) throws Exception {
        try (NetnsPair pair = NetnsPair.create()) {
            Netns b = pair.b();
            Plan plan = AppliedFault.plan(b, latency(), Instant.now().plusSeconds(60),
                    Facts.capabilities().with(Feature.NETEM).without(Feature.EM_IPSET, "test: no gate"));
            appIngress(b, qdisc);
            KernelSnapshot before = KernelSnapshot.take(b);
            TracingRunner trace = new TracingRunner(b.runner());
            String ifb = "nf" + plan.id().value() + "i";

            assertThatThrownBy(() -> new PlanExecutor(trace, Duration.ofSeconds(5)).apply(plan))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessageStartingWith("'tc qdisc add dev " + b.iface() + " handle ffff: ingress' failed");

            assertThat(trace.steps()).extracting(s -> s.command().line()).containsExactly(
                    "ip link add " + ifb + " type ifb",
                    "ip link set " + ifb + " up",
                    "tc qdisc add dev " + b.iface() + " handle ffff: ingress",
                    "ip link del " + ifb);
            String refusal = trace.steps().get(2).result().stderr().strip();
            KernelSnapshot after = KernelSnapshot.take(b);
            System.out.println("MEASURED ingress latency racing the application's " + qdisc + " qdisc: kernel said '"
                    + refusal + "'; rolled back " + (trace.steps().size() - 3) + " step; byte-identical "
                    + before.equals(after));
            assertThat(after).as(before.diff(after)).isEqualTo(before);
        }
    }

    static LatencySpec latency() {
        return new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all().withDirection(Direction.INGRESS));
    }
}
