package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultManagerTest {

    @TempDir
    Path stateDir;
    final FakeEnforcer enforcer = new FakeEnforcer();
    final ManualScheduler scheduler = new ManualScheduler();
    final List<String> events = new ArrayList<>();
    Journal journal;
    FaultManager manager;

    @BeforeEach
    void setUp() {
        journal = new Journal(stateDir);
        manager = new FaultManager(enforcer, journal, scheduler, scheduler.clock, MaxDuration.VALUE, Duration.ofSeconds(5));
        manager.addListener(new FaultListener() {
            @Override
            public void started(ActiveFault f, List<String> commands, Duration t) {
                events.add("started " + f.key() + " " + commands);
            }

            @Override
            public void stopped(ActiveFault f, String reason, List<String> commands, Duration t) {
                events.add("stopped " + f.key() + " " + reason + " " + commands);
            }

            @Override
            public void failed(FaultKey key, String phase, String message) {
                events.add("failed " + key + " " + phase + ": " + message);
            }
        });
    }

    @Test
    void start_journalsBeforeApply() throws Exception {
        List<String> seen = new ArrayList<>();
        enforcer.onApply = id -> seen.add(read(journal.file(id)));
        ActiveFault f = manager.start(Specs.blackhole(443), Optional.empty());

        assertThat(seen).singleElement().asString().contains("\"phase\" : \"applying\"", "\"revert\"", "fake\", \"del\"");
        assertThat(read(journal.file(f.id()))).contains("\"phase\" : \"active\"");
        assertThat(enforcer.kernel).containsExactly("chain:" + f.id(), "rule:" + f.id());
        assertThat(events).containsExactly("started blackhole:egress-tcp-443 [fake add " + f.id() + "]");
    }

    @Test
    void start_sameBlackholeKeyReturnsRunningOne() throws Exception {
        ActiveFault first = manager.start(Specs.blackhole(443), Optional.empty());
        ActiveFault again = manager.start(Specs.blackhole(443), Optional.of(Duration.ofSeconds(5)));

        assertThat(again).isEqualTo(first);
        assertThat(enforcer.calls()).containsExactly("prepare " + first.id(), "apply " + first.id());
    }

    @Test
    void start_blackholesWithDifferentKeysRunTogetherAndBesideLatency() throws Exception {
        manager.start(Specs.blackhole(443), Optional.empty());
        manager.start(Specs.blackhole(80), Optional.empty());
        manager.start(Specs.latency(), Optional.empty());

        assertThat(manager.list()).extracting(v -> v.fault().key().toString())
                .containsExactly("blackhole:egress-tcp-443", "blackhole:egress-tcp-80", "latency");
        assertThat(enforcer.kernel).hasSize(6);
    }

    @Test
    void start_latencyOrLossWhileLatencyRuns_conflictNamesLatency() throws Exception {
        manager.start(Specs.latency(), Optional.empty());

        assertThatThrownBy(() -> manager.start(Specs.latency(), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network latency fault running");
        assertThatThrownBy(() -> manager.start(Specs.loss(), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network latency fault running");
        assertThat(enforcer.calls()).hasSize(2);
    }

    @Test
    void start_latencyOrLossWhileLossRuns_conflictNamesPacketLoss() throws Exception {
        manager.start(Specs.loss(), Optional.empty());

        assertThatThrownBy(() -> manager.start(Specs.latency(), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network packet loss fault running");
        assertThatThrownBy(() -> manager.start(Specs.loss(), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network packet loss fault running");
    }

    @Test
    void start_bandwidthRunsBesideLatencyOrLoss_butOnlyOnce() throws Exception {
        BandwidthSpec limit = new BandwidthSpec(2_000, 0, Targeting.all());
        manager.start(Specs.latency(), Optional.empty());
        manager.start(limit, Optional.empty());

        assertThatThrownBy(() -> manager.start(new BandwidthSpec(500, 64, Targeting.all()), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network bandwidth fault running");
        assertThat(manager.list()).extracting(v -> v.fault().key().toString()).containsExactly("latency", "bandwidth");
        manager.stop(FaultKey.of(Specs.latency()));
        manager.start(Specs.loss(), Optional.empty());
        assertThat(manager.list()).extracting(v -> v.fault().key().toString()).containsExactly("bandwidth", "loss");
        assertThatThrownBy(() -> manager.start(limit, Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network bandwidth fault running");
    }

    @Test
    void start_durationOutOfRange_rejectedBeforeAnyChange() {
        assertThatThrownBy(() -> manager.start(Specs.loss(), Optional.of(Duration.ofSeconds(43201))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("durationSeconds: 43201 (expected: 1-43200)");
        assertThatThrownBy(() -> manager.start(Specs.loss(), Optional.of(Duration.ZERO)))
                .hasMessage("durationSeconds: 0 (expected: 1-43200)");
        assertThat(enforcer.calls()).isEmpty();
    }

    @Test
    void stop_nothingRunning_falseAndNoKernelWork() throws Exception {
        assertThat(manager.stop(FaultKey.latency())).isFalse();
        assertThat(manager.stop(FaultKey.blackhole("egress-tcp-1"))).isFalse();
        assertThat(enforcer.calls()).isEmpty();
    }

    @Test
    void stop_running_revertsAndDeletesJournal() throws Exception {
        ActiveFault f = manager.start(Specs.loss(), Optional.empty());

        assertThat(manager.stop(FaultKey.loss())).isTrue();
        assertThat(enforcer.kernel).isEmpty();
        assertThat(Files.exists(journal.file(f.id()))).isFalse();
        assertThat(manager.running(FaultKey.loss())).isFalse();
        assertThat(scheduler.pending()).isZero();
        assertThat(events).last().isEqualTo("stopped loss stopped [fake del " + f.id() + "]");
    }

    @Test
    void start_durationGiven_expiresThenReverted() throws Exception {
        ActiveFault f = manager.start(Specs.blackhole(443), Optional.of(Duration.ofSeconds(60)));
        assertThat(f.expiresAt()).isEqualTo(f.startedAt().plusSeconds(60));

        scheduler.advance(Duration.ofSeconds(59));
        assertThat(manager.running(FaultKey.blackhole("egress-tcp-443"))).isTrue();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(manager.running(FaultKey.blackhole("egress-tcp-443"))).isFalse();
        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
        assertThat(events).last().asString().startsWith("stopped blackhole:egress-tcp-443 expired");
    }

    @Test
    void start_noDuration_expiresAtMaxDuration() throws Exception {
        ActiveFault f = manager.start(Specs.latency(), Optional.empty());
        assertThat(f.expiresAt()).isEqualTo(f.startedAt().plus(Duration.ofHours(12)));

        scheduler.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(enforcer.kernel).hasSize(2);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(enforcer.kernel).isEmpty();
    }

    @Test
    void expiry_revertFails_retriedUntilItWorks() throws Exception {
        manager.start(Specs.loss(), Optional.of(Duration.ofSeconds(10)));
        enforcer.failReverts = 2;

        scheduler.advance(Duration.ofSeconds(10));
        assertThat(enforcer.kernel).hasSize(2);
        scheduler.advance(HeldFaults.EXPIRY_RETRY);
        assertThat(enforcer.kernel).hasSize(2);
        scheduler.advance(HeldFaults.EXPIRY_RETRY);

        assertThat(enforcer.kernel).isEmpty();
        assertThat(manager.list()).isEmpty();
        assertThat(events).filteredOn(e -> e.startsWith("failed")).hasSize(2);
    }

    @Test
    void start_applyFailsHalfway_leavesNothing() {
        enforcer.failApplyHalfway = true;

        assertThatThrownBy(() -> manager.start(Specs.blackhole(443), Optional.empty()))
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("Error: scripted failure");
        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
        assertThat(scheduler.pending()).isZero();
        assertThat(events).singleElement().asString().startsWith("failed blackhole:egress-tcp-443 apply: 'fake add");
    }

    @Test
    void start_applyAndRollbackFail_journalKeepsEntryForReconcile() throws Exception {
        enforcer.failApplyHalfway = true;
        enforcer.failReverts = 1;
        assertThatThrownBy(() -> manager.start(Specs.blackhole(443), Optional.empty()))
                .isInstanceOf(CommandFailedException.class);
        assertThat(stateDir.toFile().list()).hasSize(1);
        assertThat(enforcer.kernel).hasSize(1);

        Reconciler.Report report = manager.reconcile();

        assertThat(report.reverted()).hasSize(1);
        assertThat(report.adopted()).isEmpty();
        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
    }

    @Test
    void stop_revertFails_faultKeptAndStopCanBeRetried() throws Exception {
        ActiveFault f = manager.start(Specs.loss(), Optional.empty());
        enforcer.failReverts = 1;

        assertThatThrownBy(() -> manager.stop(FaultKey.loss())).isInstanceOf(CommandFailedException.class);
        assertThat(manager.list()).extracting(v -> v.fault().id()).containsExactly(f.id());
        assertThat(Files.exists(journal.file(f.id()))).isTrue();

        assertThat(manager.stop(FaultKey.loss())).isTrue();
        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
    }

    @Test
    void running_rulesDeletedByHand_falseAndListedMissing() throws Exception {
        ActiveFault f = manager.start(Specs.blackhole(443), Optional.empty());
        assertThat(manager.list()).singleElement().satisfies(v -> {
            assertThat(v.present()).isTrue();
            assertThat(v.counters()).containsEntry("packetsDropped", 7L);
        });

        enforcer.kernel.remove("rule:" + f.id());

        assertThat(manager.running(FaultKey.blackhole("egress-tcp-443"))).isFalse();
        assertThat(manager.list()).singleElement().satisfies(v -> {
            assertThat(v.fault().id()).isEqualTo(f.id());
            assertThat(v.present()).isFalse();
        });
    }

    @Test
    void stopAll_revertsEveryFault() throws Exception {
        ActiveFault a = manager.start(Specs.blackhole(443), Optional.empty());
        ActiveFault b = manager.start(Specs.latency(), Optional.empty());

        assertThat(manager.stopAll()).containsExactly(a, b);
        assertThat(enforcer.kernel).isEmpty();
        assertThat(manager.list()).isEmpty();
        assertThat(events).filteredOn(e -> e.startsWith("stopped")).allMatch(e -> e.contains(" killswitch "));
    }

    @Test
    void close_revertsEverythingAndRefusesNewFaults() throws Exception {
        manager.start(Specs.blackhole(443), Optional.empty());
        manager.start(Specs.loss(), Optional.empty());

        manager.close();
        manager.close();

        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
        assertThat(scheduler.isShutdown()).isTrue();
        assertThatThrownBy(() -> manager.start(Specs.loss(), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessage("the agent is shutting down");
    }

    @Test
    void addSources_nothingOfThatKindRunningIsNotRunningInTheEcsWords() throws Exception {
        manager.start(Specs.loss(), Optional.empty());
        List<Cidr> one = List.of(Cidr.parse("198.51.100.7"));

        assertThatThrownBy(() -> manager.addSources(FaultKey.latency(), one, List.of()))
                .isInstanceOf(NotRunningException.class)
                .hasMessage("no network-latency fault is currently running for the task");
        manager.stopAll();
        assertThatThrownBy(() -> manager.addSources(FaultKey.loss(), one, List.of()))
                .hasMessage("no network-packet-loss fault is currently running for the task");
    }

    @Test
    void addSources_inPlaceKeepsTheFaultAndJournalsTheWiderSpec() throws Exception {
        enforcer.extendInPlace = true;
        LatencySpec spec = new LatencySpec(100, 10, 0, Distribution.NONE,
                Targeting.all().withSources(List.of(Cidr.parse("198.51.100.2"))));
        ActiveFault f = manager.start(spec, Optional.of(Duration.ofMinutes(5)));

        ActiveFault after = manager.addSources(FaultKey.latency(), List.of(Cidr.parse("198.51.100.3"), Cidr.parse("198.51.100.2")),
                List.of(Cidr.parse("198.51.100.9")));

        assertThat(after.id()).isEqualTo(f.id());
        assertThat(after.expiresAt()).isEqualTo(f.expiresAt());
        assertThat(((LatencySpec) after.spec()).targeting().sources()).containsExactly(Cidr.parse("198.51.100.2"),
                Cidr.parse("198.51.100.3"));
        assertThat(((LatencySpec) after.spec()).targeting().exemptions()).containsExactly(Cidr.parse("198.51.100.9"));
        assertThat(enforcer.calls()).containsExactly("prepare " + f.id(), "apply " + f.id(), "present " + f.id(), "extend " + f.id(),
                "prepare " + f.id());
        assertThat(read(journal.file(f.id()))).contains("198.51.100.3", "198.51.100.9");
    }

    @Test
    void addSources_whereTheEnforcerCannotRestartsTheFaultForTheTimeLeft() throws Exception {
        LossSpec spec = LossSpec.random(20, Targeting.all().withSources(List.of(Cidr.parse("198.51.100.2"))));
        ActiveFault f = manager.start(spec, Optional.of(Duration.ofMinutes(5)));

        ActiveFault after = manager.addSources(FaultKey.loss(), List.of(Cidr.parse("198.51.100.3")), List.of());

        assertThat(after.id()).isNotEqualTo(f.id());
        assertThat(after.expiresAt()).isEqualTo(f.expiresAt());
        assertThat(((LossSpec) after.spec()).targeting().sources()).containsExactly(Cidr.parse("198.51.100.2"),
                Cidr.parse("198.51.100.3"));
        assertThat(enforcer.calls()).containsExactly("prepare " + f.id(), "apply " + f.id(), "present " + f.id(), "revert " + f.id(),
                "prepare " + after.id(), "apply " + after.id());
        assertThat(events).contains("stopped loss restarted with more sources [fake del " + f.id() + "]");
    }

    @Test
    void addSources_aFaultOnEveryAddressStaysOnEveryAddress() throws Exception {
        enforcer.extendInPlace = true;
        ActiveFault f = manager.start(Specs.latency(), Optional.empty());

        ActiveFault after = manager.addSources(FaultKey.latency(), List.of(Cidr.parse("198.51.100.3")), List.of());

        assertThat(after).isEqualTo(f);
        assertThat(enforcer.calls()).doesNotContain("extend " + f.id());
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
