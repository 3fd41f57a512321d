package dev.netfault.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.kernel.KernelEnforcer;
import dev.netfault.agent.kernel.KernelSweep;
import dev.netfault.agent.kernel.StateReadback;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.state.StateReader;
import dev.netfault.bridge.sweep.Sweeper;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 2: 10 to 10,000 source CIDRs. The agent's enforcer runs in process with a {@link TimedRunner}, so every
 * process it spawns (through {@code nsenter --net=}) is counted and timed: apply (plan, commands, verify) and revert
 * (commands, readback). The per-packet cost is the throughput of traffic the fault does not match (a TCP bulk transfer
 * between the pair, in the fault's direction) with 10 and 10,000 sources installed, against none.
 */
@Tag("bench")
class ScaleBenchTest {

    static final int[] SIZES = {10, 100, 1_000, 10_000};
    static final int REPS = 3;
    static final int BULK_PORT = 5201;
    static final long BULK_MILLIS = 1_000;

    record Kind(String name, Direction direction, Function<List<Cidr>, FaultSpec> spec) {
    }

    @Test
    void scale_sourcesApplyRevertAndThroughput() throws Exception {
        Netns.assumeRoot();
        List<Kind> kinds = List.of(
                new Kind("loss egress (nft set)", Direction.EGRESS, s -> LossSpec.random(20, Targeting.all().withSources(s))),
                new Kind("blackhole ingress (iptables+ipset)", Direction.INGRESS,
                        s -> new BlackholeSpec(9, Protocol.TCP, Direction.INGRESS, Targeting.all().withSources(s)
                                .withDirection(Direction.INGRESS))),
                new Kind("blackhole egress (nft set)", Direction.EGRESS,
                        s -> new BlackholeSpec(9, Protocol.TCP, Direction.EGRESS, Targeting.all().withSources(s))));
        try (NetnsPair pair = NetnsPair.builder().prefix(BenchSetup.PREFIX).create();
             Bulk bulkToB = Bulk.server(pair.b(), BULK_PORT);
             Bulk bulkToA = Bulk.server(pair.a(), BULK_PORT)) {
            TimedRunner runner = new TimedRunner(new NetnsRunner(new ProcessCommandRunner(), Optional.of(pair.a().path())));
            KernelEnforcer enforcer = KernelEnforcer.create(runner, 51680, List.of(),
                    new StateReadback(new StateReader(runner)), new KernelSweep(new Sweeper(runner)));
            runner.drain();
            for (Kind kind : kinds) {
                int procsAt1000 = -1;
                for (int n : SIZES) {
                    List<Cidr> sources = sources(n);
                    Series apply = new Series("apply");
                    Series planning = new Series("planning");
                    Series revert = new Series("revert");
                    int applyProcs = 0;
                    int revertProcs = 0;
                    for (int rep = 0; rep < REPS; rep++) {
                        long t0 = System.nanoTime();
                        AppliedFault f = enforcer.prepare(FaultId.random(), kind.spec().apply(sources),
                                Instant.now().plusSeconds(600));
                        planning.addNanos(System.nanoTime() - t0);
                        enforcer.apply(f);
                        apply.addNanos(System.nanoTime() - t0);
                        List<TimedRunner.Spawn> up = runner.drain();
                        applyProcs = up.size();
                        if (rep == 0 && (n == 10 || n == 10_000)) {
                            print(kind.name() + " n=" + n + " apply", up);
                            assertThat(KernelLook.anyFault(pair.a())).as("fault in the kernel").isTrue();
                            runner.drain();
                        }
                        Series withFault = null;
                        if (rep == REPS - 1 && n == 10_000) {
                            withFault = throughput(pair, kind.direction());
                        }
                        long t1 = System.nanoTime();
                        enforcer.revert(f);
                        revert.addNanos(System.nanoTime() - t1);
                        List<TimedRunner.Spawn> down = runner.drain();
                        revertProcs = down.size();
                        if (rep == 0 && n == 10_000) {
                            print(kind.name() + " n=" + n + " revert", down);
                        }
                        if (withFault != null) {
                            Series without = throughput(pair, kind.direction());
                            BenchReport.row("2 scale", kind.name() + ", 10000 sources: unaffected throughput",
                                    withFault.median(), "Gbit/s", String.format(Locale.ROOT,
                                            "no fault: %.2f Gbit/s, ratio %.2f (medians of %d x %d ms, paired)",
                                            without.median(), withFault.median() / without.median(), withFault.count(),
                                            BULK_MILLIS));
                        }
                    }
                    assertThat(KernelLook.anyFault(pair.a())).as("objects left after revert").isFalse();
                    String m = kind.name() + ", " + n + " sources";
                    if (n == 10_000) {
                        BenchReport.row("2 scale", m + ": apply+verify", apply.median(), "ms", "<= 100 ms",
                                apply.median() <= 100, "median of " + REPS);
                    } else {
                        BenchReport.row("2 scale", m + ": apply+verify", apply.median(), "ms", "median of " + REPS);
                    }
                    BenchReport.row("2 scale", m + ": of which planning (in Java)", planning.median(), "ms",
                            "prepare(): facts read + plan, median of " + REPS);
                    BenchReport.row("2 scale", m + ": revert+confirm", revert.median(), "ms", "median of " + REPS);
                    if (n == 1_000) {
                        procsAt1000 = applyProcs + revertProcs;
                    }
                    String procs = "apply " + applyProcs + " + revert " + revertProcs;
                    if (n == 10_000) {
                        BenchReport.row("2 scale", m + ": processes spawned", applyProcs + revertProcs, "", "O(1)",
                                applyProcs + revertProcs == procsAt1000, procs + "; same as at 1,000 sources: "
                                        + (applyProcs + revertProcs == procsAt1000));
                    } else {
                        BenchReport.row("2 scale", m + ": processes spawned", applyProcs + revertProcs, "", procs);
                    }
                }
            }
        }
    }

    /** Three bulk runs in the fault's direction (A sends for egress faults, B sends to A for ingress ones); Gbit/s. */
    private static Series throughput(NetnsPair pair, Direction direction) throws InterruptedException {
        Series s = new Series("throughput");
        for (int i = 0; i < 3; i++) {
            s.add(direction == Direction.EGRESS ? Bulk.throughput(pair.a(), NetnsPair.B_IPV4, BULK_PORT, BULK_MILLIS)
                    : Bulk.throughput(pair.b(), NetnsPair.A_IPV4, BULK_PORT, BULK_MILLIS));
        }
        return s;
    }

    /** {@code n} distinct sources, half IPv4 /32 in 198.18.0.0/15, half IPv6 /64 in 2001:db8:1000::/36. */
    static List<Cidr> sources(int n) {
        List<Cidr> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i / 2;
            out.add(Cidr.parse(i % 2 == 0
                    ? String.format(Locale.ROOT, "198.%d.%d.%d/32", 18 + (k >> 16), (k >> 8) & 0xff, k & 0xff)
                    : String.format(Locale.ROOT, "2001:db8:1%03x:%x::/64", (k >> 16) & 0xfff, k & 0xffff)));
        }
        return out;
    }

    private static void print(String what, List<TimedRunner.Spawn> spawns) {
        StringBuilder sb = new StringBuilder("scale " + what + ": " + spawns.size() + " processes:");
        for (TimedRunner.Spawn s : spawns) {
            sb.append(String.format(Locale.ROOT, "%n    %6.2f ms  %s", s.nanos() / 1e6, s.what()));
        }
        System.out.println(sb);
    }
}
