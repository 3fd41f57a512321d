package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle's side of leases: renewal of every live fault together, the lease shown, a lapse at restart. */
class FaultManagerLeaseTest {

    @TempDir
    Path stateDir;
    final FakeEnforcer kernel = new FakeEnforcer();
    final ManualScheduler scheduler = new ManualScheduler();

    FaultManager manager(ManualScheduler s) {
        return new FaultManager(kernel, new Journal(stateDir), s, s.clock, Duration.ofHours(12), Duration.ofSeconds(5),
                Duration.ofSeconds(3));
    }

    @Test
    void renewLeases_everyLiveFaultInOneCall_untilStopped() throws Exception {
        FaultManager m = manager(scheduler);
        ActiveFault a = m.start(Specs.blackhole(443), Optional.empty());
        ActiveFault b = m.start(Specs.loss(), Optional.empty());
        kernel.calls.clear();

        assertThat(m.renewLeases().result()).isEqualTo("ok");
        m.stop(FaultKey.of(Specs.blackhole(443)));
        m.renewLeases();

        assertThat(kernel.calls()).containsExactly("renew [" + a.id() + ", " + b.id() + "]", "revert " + a.id(),
                "renew [" + b.id() + "]");
        assertThat(m.lease()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void list_showsWhenTheLeaseLapsesAndTheKernelsTruth() throws Exception {
        FaultManager m = manager(scheduler);
        ActiveFault a = m.start(Specs.blackhole(443), Optional.empty());

        assertThat(m.list()).singleElement().satisfies(v -> {
            assertThat(v.present()).isTrue();
            assertThat(v.unleasedReason()).isEmpty();
            assertThat(v.leaseExpiresAt()).hasValue(scheduler.clock.instant().plusSeconds(3));
        });
        kernel.lapsed.add(a.id());
        assertThat(m.list()).singleElement().satisfies(v -> assertThat(v.present()).isFalse());
        assertThat(m.running(FaultKey.of(Specs.blackhole(443)))).isFalse();
    }

    @Test
    void reconcile_faultWhoseLeaseLapsedWhileNoAgentRan_isDroppedNotResumed() throws Exception {
        FaultManager crashed = manager(scheduler);
        ActiveFault gone = crashed.start(Specs.blackhole(443), Optional.of(Duration.ofMinutes(10)));
        ActiveFault alive = crashed.start(Specs.blackhole(80), Optional.of(Duration.ofMinutes(10)));
        kernel.lapsed.add(gone.id()); // no agent renewed it
        kernel.calls.clear();

        ManualScheduler restartedScheduler = new ManualScheduler();
        FaultManager restarted = manager(restartedScheduler);
        Reconciler.Report r = restarted.reconcile();

        assertThat(r.reverted()).extracting(e -> e.applied().id()).containsExactly(gone.id());
        assertThat(r.adopted()).extracting(e -> e.applied().id()).containsExactly(alive.id());
        assertThat(kernel.calls()).filteredOn(c -> !c.startsWith("present ")) // presence is asked in journal order
                .containsExactly("revert " + gone.id(), "sweep []", "renew [" + alive.id() + "]");
        assertThat(kernel.kernel).containsExactly("chain:" + alive.id(), "rule:" + alive.id());
        assertThat(stateDir.toFile().list()).hasSize(1);
    }
}
