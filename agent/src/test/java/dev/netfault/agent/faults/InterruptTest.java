package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancelled request (an interrupted thread) never leaves a half-applied fault and never skips a revert. */
class InterruptTest {

    @TempDir
    Path stateDir;
    final FakeEnforcer enforcer = new FakeEnforcer();
    final ManualScheduler scheduler = new ManualScheduler();

    FaultManager manager() {
        return new FaultManager(enforcer, new Journal(stateDir), scheduler, scheduler.clock, MaxDuration.VALUE, Duration.ofSeconds(5));
    }

    @Test
    void start_interruptedDuringApply_rolledBackAndInterruptPropagated() throws Exception {
        FaultManager manager = manager();
        enforcer.applyEntered = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                manager.start(Specs.blackhole(443), Optional.empty());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertThat(enforcer.applyEntered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(enforcer.kernel).hasSize(1);

        caller.interrupt();
        caller.join(5_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
        enforcer.applyEntered = null;
        assertThat(manager.list()).isEmpty();
    }

    @Test
    void stop_callerAlreadyInterrupted_stillRevertsAndKeepsTheFlag() throws Exception {
        FaultManager manager = manager();
        manager.start(Specs.loss(), Optional.empty());

        Thread.currentThread().interrupt();
        boolean stopped = manager.stop(FaultKey.loss());
        boolean flag = Thread.interrupted();

        assertThat(stopped).isTrue();
        assertThat(flag).isTrue();
        assertThat(enforcer.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
    }

    @Test
    void stopAll_callerAlreadyInterrupted_stillRevertsEverything() throws Exception {
        FaultManager manager = manager();
        manager.start(Specs.loss(), Optional.empty());
        manager.start(Specs.blackhole(53), Optional.empty());

        Thread.currentThread().interrupt();
        int stopped = manager.stopAll().size();
        boolean flag = Thread.interrupted();

        assertThat(stopped).isEqualTo(2);
        assertThat(flag).isTrue();
        assertThat(enforcer.kernel).isEmpty();
    }
}
