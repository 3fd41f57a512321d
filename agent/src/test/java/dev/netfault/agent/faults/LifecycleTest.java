package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {

    @TempDir
    Path stateDir;

    @Test
    void open_reconcilesBeforeServing_andCloseRevertsReadoptedFaults() throws Exception {
        FakeEnforcer kernel = new FakeEnforcer();
        FaultManager first = Lifecycle.open(kernel, new Journal(stateDir), MaxDuration.VALUE);
        ActiveFault f = first.start(Specs.blackhole(443), Optional.of(Duration.ofMinutes(5)));
        kernel.kernel.add("chain:0badc0de");
        // first is never closed: a crash

        FaultManager second = Lifecycle.open(kernel, new Journal(stateDir), MaxDuration.VALUE);

        assertThat(second.list()).extracting(v -> v.fault().id()).containsExactly(f.id());
        assertThat(kernel.kernel).containsExactly("chain:" + f.id(), "rule:" + f.id());
        second.close();
        assertThat(kernel.kernel).isEmpty();
        assertThat(stateDir.toFile().list()).isEmpty();
    }
}
