package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.netfault.bridge.plan.FaultId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
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

    @Test
    void reconcile_entriesOfTheOtherMode_loggedAndLeftUntouched() throws Exception {
        FakeEnforcer platform = new FakeEnforcer();
        platform.mode = EnforcerMode.PLATFORM;
        FaultManager platformAgent = new FaultManager(platform, new Journal(stateDir), scheduler, scheduler.clock,
                MaxDuration.VALUE, Duration.ofSeconds(5));
        ActiveFault live = platformAgent.start(Specs.latency(), Optional.of(Duration.ofSeconds(60)));
        ActiveFault expired = platformAgent.start(Specs.blackhole(80), Optional.of(Duration.ofSeconds(5)));
        Path liveFile = stateDir.resolve(live.id() + ".json");
        Path expiredFile = stateDir.resolve(expired.id() + ".json");
        String liveJson = Files.readString(liveFile);
        String expiredJson = Files.readString(expiredFile);
        ManualScheduler later = new ManualScheduler();
        later.advance(Duration.ofSeconds(10));
        FaultManager kernelAgent = new FaultManager(kernel, new Journal(stateDir), later, later.clock, MaxDuration.VALUE,
                Duration.ofSeconds(5));

        ListAppender<ILoggingEvent> log = capture();
        Reconciler.Report r;
        try {
            r = kernelAgent.reconcile();
        } finally {
            release(log);
        }

        assertThat(r.foreign()).extracting(e -> e.applied().id()).containsExactlyInAnyOrder(live.id(), expired.id());
        assertThat(r.adopted()).isEmpty();
        assertThat(r.reverted()).isEmpty();
        assertThat(r.failures()).isEmpty();
        assertThat(kernel.calls()).containsExactly("sweep []");
        assertThat(kernelAgent.list()).isEmpty();
        assertThat(later.pending()).isZero();
        assertThat(Files.readString(liveFile)).isEqualTo(liveJson);
        assertThat(Files.readString(expiredFile)).isEqualTo(expiredJson);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactlyInAnyOrder(foreignLine(live.id() + " (latency)", "platform", "kernel", liveFile),
                        foreignLine(expired.id() + " (blackhole:egress-tcp-80)", "platform", "kernel", expiredFile));
    }

    @Test
    void reconcile_sameModeEntriesStillRevertedBesideForeignOnes() throws Exception {
        FaultManager crashed = manager();
        ActiveFault mine = crashed.start(Specs.blackhole(443), Optional.of(Duration.ofSeconds(5)));
        JournalEntry mineEntry = new Journal(stateDir).readAll().entries().get(0);
        FaultId other = new FaultId("0000cafe");
        new Journal(stateDir).write(new JournalEntry(FaultKey.loss(), Specs.loss(), mineEntry.startedAt(),
                mineEntry.expiresAt(), JournalEntry.Phase.ACTIVE, EnforcerMode.PLATFORM,
                new AppliedFault(other, "loss", "platform fault endpoints", List.of(), java.util.Set.of(),
                        List.of(dev.netfault.bridge.plan.Command.of("POST", "/fault/v1/network-packet-loss/start")), List.of(),
                        List.of(dev.netfault.bridge.plan.Command.of("POST", "/fault/v1/network-packet-loss/stop")),
                        dev.netfault.bridge.plan.Lease.unleased("platform"))));
        kernel.calls.clear();
        ManualScheduler later = new ManualScheduler();
        later.advance(Duration.ofSeconds(6));

        Reconciler.Report r = new FaultManager(kernel, new Journal(stateDir), later, later.clock, MaxDuration.VALUE,
                Duration.ofSeconds(5)).reconcile();

        assertThat(r.reverted()).extracting(e -> e.applied().id()).containsExactly(mine.id());
        assertThat(r.foreign()).extracting(e -> e.applied().id()).containsExactly(other);
        assertThat(kernel.calls()).containsExactly("revert " + mine.id(), "sweep []");
        assertThat(stateDir.toFile().list()).containsExactly("0000cafe.json");
    }

    static String foreignLine(String fault, String wrote, String runs, Path file) {
        return "reconcile: fault " + fault + " was applied in " + wrote + " mode and this agent runs in " + runs
                + " mode: left untouched in " + file + ". To remove it, start the agent once with --mode " + wrote
                + " (it reverts or re-adopts the entry), or run the entry's \"revert\" steps yourself and delete the file";
    }

    static ListAppender<ILoggingEvent> capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(Reconciler.class).addAppender(appender);
        return appender;
    }

    static void release(ListAppender<ILoggingEvent> appender) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Reconciler.class).detachAppender(appender);
    }
}
