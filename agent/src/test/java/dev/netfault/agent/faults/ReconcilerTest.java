package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash recovery: a manager that died without closing leaves a journal; the next one reconciles the kernel with it. */
class ReconcilerTest {

    @TempDir
    Path stateDir;
    final FakeEnforcer kernel = new FakeEnforcer();
    final ManualScheduler scheduler = new ManualScheduler();

    FaultManager manager() {
        return new FaultManager(kernel, new Journal(stateDir), scheduler, scheduler.clock, MaxDuration.VALUE, Duration.ofSeconds(5));
    }

    @Test
    void reconcile_idleAgentEmptyJournal_changesNothing() throws Exception {
        kernel.kernel.add("foreign:app-rule");
        kernel.calls.clear();
        Reconciler.Report r = manager().reconcile();

        assertThat(r.adopted()).isEmpty();
        assertThat(r.reverted()).isEmpty();
        assertThat(kernel.calls()).containsExactly("sweep [foreign:app-rule]");
    }

    @Test
    void reconcile_afterCrash_liveFaultReadoptedListedAndStillExpires() throws Exception {
        FaultManager crashed = manager();
        ActiveFault f = crashed.start(Specs.blackhole(443), Optional.of(Duration.ofSeconds(30)));
        ManualScheduler later = scheduler;
        later.advance(Duration.ofSeconds(10));

        ManualScheduler restartedScheduler = new ManualScheduler();
        FaultManager restarted = new FaultManager(kernel, new Journal(stateDir), restartedScheduler, later.clock, MaxDuration.VALUE, Duration.ofSeconds(5));
        Reconciler.Report r = restarted.reconcile();

        assertThat(r.adopted()).extracting(e -> e.applied().id()).containsExactly(f.id());
        assertThat(restarted.list()).singleElement().satisfies(v -> {
            assertThat(v.fault()).isEqualTo(f);
            assertThat(v.present()).isTrue();
        });
        assertThat(restarted.running(FaultKey.blackhole("egress-tcp-443"))).isTrue();
        assertThat(restartedScheduler.pending()).isEqualTo(1);
    }

    @Test
    void reconcile_expiredEntry_revertedAndDeleted() throws Exception {
        FaultManager crashed = manager();
        crashed.start(Specs.loss(), Optional.of(Duration.ofSeconds(5)));
        crashed.start(Specs.blackhole(80), Optional.of(Duration.ofSeconds(60)));
        ManualScheduler restartedScheduler = new ManualScheduler();
        restartedScheduler.advance(Duration.ofSeconds(6));
        FaultManager restarted = new FaultManager(kernel, new Journal(stateDir), restartedScheduler, restartedScheduler.clock,
                MaxDuration.VALUE, Duration.ofSeconds(5));

        Reconciler.Report r = restarted.reconcile();

        assertThat(r.reverted()).extracting(e -> e.key().toString()).containsExactly("loss");
        assertThat(r.adopted()).extracting(e -> e.key().toString()).containsExactly("blackhole:egress-tcp-80");
        assertThat(kernel.kernel).hasSize(2).allMatch(o -> o.endsWith(r.adopted().get(0).applied().id().value()));
        assertThat(stateDir.toFile().list()).hasSize(1);
    }

    @Test
    void reconcile_orphanedObjectsWithoutEntry_swept() throws Exception {
        FaultManager crashed = manager();
        ActiveFault keep = crashed.start(Specs.blackhole(443), Optional.empty());
        kernel.kernel.add("chain:deadbeef");
        kernel.kernel.add("rule:deadbeef");

        Reconciler.Report r = manager().reconcile();

        assertThat(r.swept()).containsExactly("chain:deadbeef", "rule:deadbeef");
        assertThat(kernel.kernel).containsExactly("chain:" + keep.id(), "rule:" + keep.id());
    }

    @Test
    void reconcile_crashWhileApplying_revertsTheHalfAppliedFault() throws Exception {
        FaultManager crashed = manager();
        ActiveFault f = crashed.start(Specs.blackhole(443), Optional.empty());
        Journal j = new Journal(stateDir);
        JournalEntry e = j.readAll().entries().get(0);
        j.write(e.withPhase(JournalEntry.Phase.APPLYING));
        kernel.kernel.remove("rule:" + f.id());

        Reconciler.Report r = manager().reconcile();

        assertThat(r.reverted()).extracting(x -> x.applied().id()).containsExactly(f.id());
        assertThat(kernel.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
    }

    @Test
    void reconcile_crashWhileReverting_dropsTheEntryInsteadOfListingAMissingFault() throws Exception {
        FaultManager crashed = manager();
        ActiveFault gone = crashed.start(Specs.blackhole(443), Optional.empty());
        ActiveFault half = crashed.start(Specs.blackhole(80), Optional.empty());
        ActiveFault kept = crashed.start(Specs.blackhole(22), Optional.empty());
        kernel.kernel.remove("chain:" + gone.id()); // killed after the revert, before the journal entry was deleted
        kernel.kernel.remove("rule:" + gone.id());
        kernel.kernel.remove("rule:" + half.id()); // killed in the middle of the revert

        Reconciler.Report r = manager().reconcile();

        assertThat(r.reverted()).extracting(x -> x.applied().id()).containsExactlyInAnyOrder(gone.id(), half.id());
        assertThat(r.adopted()).extracting(x -> x.applied().id()).containsExactly(kept.id());
        assertThat(kernel.kernel).containsExactlyInAnyOrder("chain:" + kept.id(), "rule:" + kept.id());
        assertThat(stateDir.toFile().list()).containsExactly(kept.id() + ".json");
    }
}
