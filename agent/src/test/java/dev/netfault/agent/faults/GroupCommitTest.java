package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.Touches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts queued behind the namespace lock are committed together, each with its own answer. */
class GroupCommitTest {

    @TempDir
    Path stateDir;
    final FakeEnforcer enforcer = new FakeEnforcer();
    final ManualScheduler scheduler = new ManualScheduler();
    final ExecutorService callers = Executors.newCachedThreadPool();
    Journal journal;
    FaultManager manager;

    @BeforeEach
    void setUp() {
        journal = new Journal(stateDir);
        manager = new FaultManager(enforcer, journal, scheduler, scheduler.clock, MaxDuration.VALUE, Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        callers.shutdownNow();
    }

    /** Holds the lock with a start blocked in apply, queues {@code specs} behind it; opens the gate when told. */
    final class Queued {
        final CountDownLatch gate = new CountDownLatch(1);
        final Future<ActiveFault> first;
        final List<Future<ActiveFault>> rest = new ArrayList<>();

        Queued(List<? extends FaultSpec> specs) throws Exception {
            enforcer.applyGate = gate;
            first = callers.submit(() -> manager.start(Specs.blackhole(1000), Optional.empty()));
            await(() -> enforcer.batches().size() == 1);
            for (FaultSpec s : specs) { // one at a time, so the queue holds them in this order
                rest.add(callers.submit(() -> manager.start(s, Optional.empty())));
                int n = rest.size();
                await(() -> manager.queuedStarts() == n);
            }
        }

        void release() {
            gate.countDown();
        }
    }

    @Test
    void start_queuedBehindTheLock_oneBatchJournalledBeforeItsApply() throws Exception {
        Map<FaultId, String> journalAtApply = new ConcurrentHashMap<>();
        Queued q = new Queued(List.of(Specs.blackhole(1001), Specs.blackhole(1002), Specs.blackhole(1003),
                Specs.blackhole(1004)));
        enforcer.onApplyAll = ids -> ids.forEach(id -> journalAtApply.put(id, read(journal.file(id))));
        q.release();

        ActiveFault first = q.first.get(5, TimeUnit.SECONDS);
        List<FaultId> queued = new ArrayList<>();
        for (Future<ActiveFault> f : q.rest) {
            queued.add(f.get(5, TimeUnit.SECONDS).id());
        }

        assertThat(enforcer.batches()).hasSize(2);
        assertThat(enforcer.batches().get(0)).containsExactly(first.id());
        assertThat(enforcer.batches().get(1)).as("the four queued starts in one group").containsExactlyInAnyOrderElementsOf(queued);
        assertThat(journalAtApply).as("every entry journalled (applying) before the group's apply").hasSize(4);
        journalAtApply.values().forEach(j -> assertThat(j).contains("\"phase\" : \"applying\""));
        queued.forEach(id -> assertThat(read(journal.file(id))).contains("\"phase\" : \"active\""));
        assertThat(manager.list()).hasSize(5).allMatch(FaultView::present);
        assertThat(enforcer.kernel).hasSize(10);
    }

    @Test
    void start_oneOfTheGroupFails_itAloneGetsTheErrorAndLeavesNothing() throws Exception {
        Map<String, FaultId> failing = new ConcurrentHashMap<>();
        Queued q = new Queued(List.of(Specs.blackhole(1001), Specs.blackhole(1002), Specs.blackhole(1003)));
        enforcer.onApplyAll = ids -> {
            if (ids.size() == 3) {
                failing.put("id", ids.get(1));
                enforcer.failApply.add(ids.get(1));
            }
        };
        q.release();
        q.first.get(5, TimeUnit.SECONDS);

        List<FaultId> ok = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (Future<ActiveFault> f : q.rest) {
            try {
                ok.add(f.get(5, TimeUnit.SECONDS).id());
            } catch (ExecutionException e) {
                errors.add(e.getCause());
            }
        }

        FaultId bad = failing.get("id");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).isInstanceOf(CommandFailedException.class).hasMessage("'fake add " + bad + "' failed (exit 1): Error: scripted failure of " + bad);
        assertThat(ok).hasSize(2).doesNotContain(bad);
        assertThat(Files.exists(journal.file(bad))).as("failed start's journal entry removed").isFalse();
        assertThat(enforcer.kernel).noneMatch(o -> o.endsWith(bad.value())).hasSize(6);
        assertThat(manager.list()).extracting(v -> v.fault().id()).doesNotContain(bad).hasSize(3);
    }

    @Test
    void start_sameKeyAndConflictingKindsQueuedTogether_answeredAsIfOneAfterTheOther() throws Exception {
        Queued q = new Queued(List.of(Specs.blackhole(1001), Specs.blackhole(1001), Specs.loss(), Specs.latency()));
        q.release();
        q.first.get(5, TimeUnit.SECONDS);

        ActiveFault a = q.rest.get(0).get(5, TimeUnit.SECONDS);
        ActiveFault b = q.rest.get(1).get(5, TimeUnit.SECONDS);
        List<Throwable> conflicts = new ArrayList<>();
        List<ActiveFault> impairments = new ArrayList<>();
        for (Future<ActiveFault> f : q.rest.subList(2, 4)) {
            try {
                impairments.add(f.get(5, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                conflicts.add(e.getCause());
            }
        }

        assertThat(b).as("the same blackhole twice: the second gets the running one").isEqualTo(a);
        assertThat(impairments).hasSize(1);
        assertThat(conflicts).singleElement().isInstanceOf(ConflictException.class);
        assertThat(enforcer.batches()).as("the second of each clash waits for a later round, where nothing is left to apply")
                .hasSize(2);
        assertThat(enforcer.batches().get(1)).containsExactlyInAnyOrder(a.id(), impairments.get(0).id());
        assertThat(manager.list()).hasSize(3);
    }

    @Test
    void start_interruptedWhileQueued_withdrawnAndNothingApplied() throws Exception {
        Queued q = new Queued(List.of(Specs.blackhole(1001)));
        q.rest.get(0).cancel(true); // interrupts the caller waiting for the lock
        await(() -> manager.queuedStarts() == 0);
        q.release();
        ActiveFault first = q.first.get(5, TimeUnit.SECONDS);

        assertThat(enforcer.batches()).containsExactly(List.of(first.id()));
        assertThat(enforcer.kernel).containsExactlyInAnyOrder("chain:" + first.id(), "rule:" + first.id());
        assertThat(stateDir.toFile().list()).containsExactly(first.id() + ".json");
    }

    @Test
    void running_doesNotWaitForTheLockHeldByAStart() throws Exception {
        ActiveFault running = manager.start(Specs.blackhole(443), Optional.empty());
        Queued q = new Queued(List.of());

        Future<Boolean> status = callers.submit(() -> manager.running(running.key()));
        boolean answered = status.get(5, TimeUnit.SECONDS);
        boolean startStillBlocked = !q.first.isDone();
        q.release();

        assertThat(answered).isTrue();
        assertThat(startStillBlocked).as("the status answered while a start held the lock").isTrue();
        assertThat(q.first.get(5, TimeUnit.SECONDS).key()).isEqualTo(FaultKey.of(Specs.blackhole(1000)));
    }

    @Test
    void stop_queuedBehindTheLock_revertedTogetherEachAnswered() throws Exception {
        ActiveFault held = manager.start(Specs.blackhole(999), Optional.empty());
        List<ActiveFault> others = new ArrayList<>();
        for (int port : new int[] {1001, 1002, 1003}) {
            others.add(manager.start(Specs.blackhole(port), Optional.empty()));
        }
        CountDownLatch gate = new CountDownLatch(1);
        enforcer.revertGate = gate;
        Future<Boolean> first = callers.submit(() -> manager.stop(held.key()));
        await(() -> enforcer.revertWaiting.get() == 1);
        List<Future<Boolean>> queued = new ArrayList<>();
        for (ActiveFault f : others) {
            queued.add(callers.submit(() -> manager.stop(f.key())));
        }
        queued.add(callers.submit(() -> manager.stop(others.get(0).key()))); // the same stop twice
        queued.add(callers.submit(() -> manager.stop(FaultKey.blackhole("egress-tcp-7")))); // nothing running
        await(() -> manager.queuedStops() == 5);
        gate.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        List<Boolean> answers = new ArrayList<>();
        for (Future<Boolean> f : queued) {
            answers.add(f.get(5, TimeUnit.SECONDS));
        }
        assertThat(answers.subList(1, 3)).containsOnly(true);
        assertThat(List.of(answers.get(0), answers.get(3))).as("one of the two stops of one key stopped it")
                .containsExactlyInAnyOrder(true, false);
        assertThat(answers.get(4)).isFalse();
        assertThat(enforcer.revertBatches()).as("the three queued faults in one group").singleElement()
                .satisfies(b -> assertThat(b).containsExactlyInAnyOrderElementsOf(others.stream().map(ActiveFault::id).toList()));
        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
        assertThat(manager.list()).isEmpty();
    }

    @Test
    void stopAll_revertsEveryFaultAsOneGroup() throws Exception {
        List<FaultId> ids = new ArrayList<>();
        for (int port : new int[] {1001, 1002, 1003}) {
            ids.add(manager.start(Specs.blackhole(port), Optional.empty()).id());
        }
        enforcer.failReverts = 1; // the first fault's revert fails: it stays, the others go, the error reaches the caller

        org.assertj.core.api.Assertions.assertThatThrownBy(manager::stopAll).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("fake del " + ids.get(0));

        assertThat(enforcer.revertBatches()).containsExactly(ids);
        assertThat(manager.list()).extracting(v -> v.fault().id()).containsExactly(ids.get(0));
        assertThat(stateDir.toFile().list()).containsExactly(ids.get(0) + ".json");
        assertThat(manager.stopAll()).extracting(ActiveFault::id).containsExactly(ids.get(0));
        assertThat(enforcer.kernel).isEmpty();
    }

    @Test
    void start_aPlanThatChangesTcEndsItsGroup_laterStartsPlannedAfterItIsApplied() throws Exception {
        enforcer.touches = spec -> spec.kind().equals("loss") ? Set.of(Touches.TC) : Set.of(Touches.NFTABLES);
        Queued q = new Queued(List.of(Specs.blackhole(1001), Specs.loss(), Specs.blackhole(1002), Specs.blackhole(1003)));
        q.release();
        q.first.get(5, TimeUnit.SECONDS);
        List<FaultId> ids = new ArrayList<>();
        for (Future<ActiveFault> f : q.rest) {
            ids.add(f.get(5, TimeUnit.SECONDS).id());
        }

        assertThat(enforcer.batches()).containsExactly(List.of(q.first.get().id()), ids.subList(0, 2), ids.subList(2, 4));
        int lossApplied = enforcer.calls().indexOf("apply " + ids.get(1));
        assertThat(enforcer.calls().indexOf("prepare " + ids.get(2))).as("planned after the tc change is in place")
                .isGreaterThan(lossApplied);
    }

    @Test
    void round_splitsSameKeyAndExclusiveGroupIntoLaterRounds() {
        List<StartQueue.Pending> all = List.of(pending(Specs.blackhole(1)), pending(Specs.blackhole(2)),
                pending(Specs.blackhole(1)), pending(Specs.loss()), pending(Specs.latency()), pending(Specs.blackhole(3)));
        List<StartQueue.Pending> later = new ArrayList<>();

        List<StartQueue.Pending> first = StartQueue.round(all, later);

        assertThat(first).containsExactly(all.get(0), all.get(1), all.get(3), all.get(5));
        assertThat(later).containsExactly(all.get(2), all.get(4));
    }

    private static StartQueue.Pending pending(FaultSpec spec) {
        return new StartQueue.Pending(spec, Duration.ofSeconds(60));
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition c) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached within 5 s");
            }
            Thread.sleep(5);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "missing: " + e;
        }
    }
}
