package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.target.Targeting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Impairment is the same netem root as latency and packet loss (netem or nft loss alike, as latency is): it excludes
 * them and they exclude it, each 409 naming the running fault in the ECS agent's words; blackholes run beside it.
 */
class ImpairmentConflictTest {

    @TempDir
    Path stateDir;
    final FakeEnforcer enforcer = new FakeEnforcer();
    final ManualScheduler scheduler = new ManualScheduler();
    FaultManager manager;

    @BeforeEach
    void setUp() {
        manager = new FaultManager(enforcer, new Journal(stateDir), scheduler, scheduler.clock, MaxDuration.VALUE,
                Duration.ofSeconds(5));
    }

    static ImpairmentSpec impairment() {
        return new ImpairmentSpec(50, 0, 0, Distribution.NONE, 2, LossModel.RANDOM, 0, 0, 10, 0, Targeting.all());
    }

    @Test
    void start_latencyLossOrImpairmentWhileImpairmentRuns_conflictNamesImpairment() throws Exception {
        manager.start(impairment(), Optional.empty());

        for (var spec : new dev.netfault.bridge.plan.FaultSpec[] {Specs.latency(), Specs.loss(), impairment()}) {
            assertThatThrownBy(() -> manager.start(spec, Optional.empty())).as(spec.kind())
                    .isInstanceOf(ConflictException.class).hasMessage("There is already one network impairment fault running");
        }
        assertThat(enforcer.calls()).hasSize(2);
    }

    @Test
    void start_impairmentWhileLatencyRuns_conflictNamesLatency() throws Exception {
        manager.start(Specs.latency(), Optional.empty());

        assertThatThrownBy(() -> manager.start(impairment(), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network latency fault running");
        assertThat(enforcer.calls()).hasSize(2);
    }

    @Test
    void start_impairmentWhileLossRuns_conflictNamesPacketLoss() throws Exception {
        manager.start(Specs.loss(), Optional.empty());

        assertThatThrownBy(() -> manager.start(impairment(), Optional.empty()))
                .isInstanceOf(ConflictException.class).hasMessage("There is already one network packet loss fault running");
        assertThat(enforcer.calls()).hasSize(2);
    }

    @Test
    void start_blackholeBesideImpairment_andImpairmentAfterTheLatencyStopped() throws Exception {
        manager.start(Specs.latency(), Optional.empty());
        manager.stop(FaultKey.of(Specs.latency()));
        manager.start(impairment(), Optional.empty());
        manager.start(Specs.blackhole(443), Optional.empty());

        assertThat(manager.list()).extracting(v -> v.fault().key().toString())
                .containsExactly("impairment", "blackhole:egress-tcp-443");
    }
}
