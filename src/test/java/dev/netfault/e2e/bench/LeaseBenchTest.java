package dev.netfault.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.Renewal;
import dev.netfault.agent.kernel.KernelEnforcer;
import dev.netfault.agent.kernel.KernelSweep;
import dev.netfault.agent.kernel.StateReadback;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.state.StateReader;
import dev.netfault.bridge.sweep.Sweeper;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: what the kernel-held lease costs. The per-packet cost of the lease gate is the throughput of a TCP bulk
 * transfer A -> B that a leased egress blackhole (nft netdev egress, {@code meta protocol @lease}) on another port does
 * not match, against no fault, paired runs. The renewal cost is the agent's own {@link KernelEnforcer#renew} (in
 * process, through {@code nsenter --net=}, as the renewal thread runs it) for 1 and for 10 live faults.
 */
@Tag("bench")
class LeaseBenchTest {

    static final int BULK_PORT = 5201;
    static final long BULK_MILLIS = 1_000;
    static final int PAIRS = 5;
    static final int RENEWALS = 20;

    @Test
    void lease_gateCostOnUnaffectedTrafficAndRenewalTime() throws Exception {
        Netns.assumeRoot();
        try (NetnsPair pair = NetnsPair.builder().prefix(BenchSetup.PREFIX).create();
             Bulk bulkToB = Bulk.server(pair.b(), BULK_PORT)) {
            TimedRunner runner = new TimedRunner(new NetnsRunner(new ProcessCommandRunner(), Optional.of(pair.a().path())));
            KernelEnforcer enforcer = KernelEnforcer.create(runner, 51680, List.of(),
                    new StateReadback(new StateReader(runner)), new KernelSweep(new Sweeper(runner)),
                    Duration.ofSeconds(15), false);
            runner.drain();

            Series without = new Series("no fault");
            Series with = new Series("leased blackhole on another port");
            for (int i = 0; i < PAIRS; i++) {
                without.add(Bulk.throughput(pair.a(), NetnsPair.B_IPV4, BULK_PORT, BULK_MILLIS));
                AppliedFault f = blackhole(enforcer, 9);
                assertThat(f.lease().leased()).as("the egress blackhole is leased here").isTrue();
                assertThat(enforcer.renew(List.of(f)).result()).isEqualTo("ok");
                assertThat(enforcer.leaseAlive(f)).as("lease alive while measuring").isTrue();
                with.add(Bulk.throughput(pair.a(), NetnsPair.B_IPV4, BULK_PORT, BULK_MILLIS));
                assertThat(enforcer.isPresent(f)).as("the fault was in place throughout").isTrue();
                enforcer.revert(f);
            }
            assertThat(KernelLook.anyFault(pair.a())).as("objects left after revert").isFalse();
            System.out.println("lease bench: " + without + "; " + with);
            BenchReport.row("12 lease", "unaffected throughput with a leased egress blackhole (tcp/9)", with.median(),
                    "Gbit/s", String.format(Locale.ROOT, "no fault: %.2f Gbit/s, ratio %.3f (medians of %d x %d ms,"
                            + " interleaved); 2 cores shared with other work", without.median(),
                            with.median() / without.median(), PAIRS, BULK_MILLIS));

            for (int n : new int[] {1, 10}) {
                List<AppliedFault> live = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    live.add(blackhole(enforcer, 9001 + i));
                }
                runner.drain();
                Series renew = new Series("renew " + n);
                int spawns = 0;
                for (int r = 0; r < RENEWALS; r++) {
                    long t0 = System.nanoTime();
                    Renewal result = enforcer.renew(live);
                    renew.addNanos(System.nanoTime() - t0);
                    assertThat(result.result()).as("renewal %d of %d faults: %s", r, n, result).isEqualTo("ok");
                    assertThat(result.faults()).isEqualTo(n);
                    spawns = runner.drain().size();
                }
                for (AppliedFault f : live) {
                    assertThat(enforcer.leaseAlive(f)).as("lease of %s alive after renewals", f.id()).isTrue();
                    enforcer.revert(f);
                }
                assertThat(KernelLook.anyFault(pair.a())).as("objects left after revert").isFalse();
                System.out.println("lease bench: " + renew);
                BenchReport.row("12 lease", "one renewal of " + n + " live fault" + (n == 1 ? "" : "s") + ", median",
                        renew.median(), "ms", String.format(Locale.ROOT, "KernelEnforcer.renew, %d processes per"
                                + " renewal, p99 %.2f ms, n=%d; egress blackholes; 2 cores shared with other work",
                                spawns, renew.p(99), renew.count()));
            }
        }
    }

    private static AppliedFault blackhole(KernelEnforcer enforcer, int port) throws InterruptedException {
        AppliedFault f = enforcer.prepare(FaultId.random(), new BlackholeSpec(port, Protocol.TCP, Direction.EGRESS,
                Targeting.all()), Instant.now().plusSeconds(600));
        enforcer.apply(f);
        return f;
    }
}
