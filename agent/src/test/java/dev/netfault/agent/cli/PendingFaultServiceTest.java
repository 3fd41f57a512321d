package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.agent.faults.Health;
import dev.netfault.bridge.plan.FaultSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Serving while the lifecycle starts: /healthz at once and truthful, every other call waits for the lifecycle. */
class PendingFaultServiceTest {

    private static final Health PROBED = new Health("kernel", "NET_ADMIN present", Map.of("loss", ""),
            Map.of("loss", "nftables"));

    @Test
    void health_whileStarting_isTheDecidedModeWithProbeRunning_thenTheLifecycles() {
        CompletableFuture<FaultService> lifecycle = new CompletableFuture<>();
        PendingFaultService pending = new PendingFaultService(lifecycle, "kernel", "NET_ADMIN present");

        Health early = pending.health();
        assertThat(early.probing()).isTrue();
        assertThat(early.mode()).isEqualTo("kernel");
        assertThat(early.modeReason()).isEqualTo("NET_ADMIN present");
        assertThat(early.unsupported()).isEmpty();

        lifecycle.complete(new Started());
        assertThat(pending.health()).isEqualTo(PROBED);
        assertThat(pending.health().probing()).isFalse();
    }

    @Test
    void list_waitsForTheLifecycle() throws Exception {
        CompletableFuture<FaultService> lifecycle = new CompletableFuture<>();
        PendingFaultService pending = new PendingFaultService(lifecycle, "kernel", "NET_ADMIN present");
        CompletableFuture<List<FaultView>> listed = CompletableFuture.supplyAsync(() -> {
            try {
                return pending.list();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        Thread.sleep(200);
        assertThat(listed).as("answered before the lifecycle started").isNotDone();
        lifecycle.complete(new Started());
        assertThat(listed.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void health_ofAFailedLifecycle_isAnErrorNamingTheCause() {
        CompletableFuture<FaultService> lifecycle = new CompletableFuture<>();
        PendingFaultService pending = new PendingFaultService(lifecycle, "kernel", "NET_ADMIN present");
        lifecycle.completeExceptionally(new IllegalStateException("journal unreadable"));

        assertThatThrownBy(pending::health).isInstanceOf(IllegalStateException.class)
                .hasMessage("the fault lifecycle failed to start: journal unreadable");
    }

    /** A started lifecycle with no faults. */
    private static final class Started implements FaultService {
        @Override
        public ActiveFault start(FaultSpec spec, Optional<Duration> duration) {
            throw new UnsupportedOperationException("start");
        }

        @Override
        public ActiveFault addSources(FaultKey key, List<dev.netfault.bridge.target.Cidr> sources,
                                      List<dev.netfault.bridge.target.Cidr> exemptions) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public boolean stop(FaultKey key) {
            return false;
        }

        @Override
        public boolean running(FaultKey key) {
            return false;
        }

        @Override
        public List<FaultView> list() {
            return List.of();
        }

        @Override
        public List<ActiveFault> stopAll() {
            return List.of();
        }

        @Override
        public Health health() {
            return PROBED;
        }
    }
}
