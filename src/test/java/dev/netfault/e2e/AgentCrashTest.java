package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at a random moment while a blackhole is being applied, then restart on the same state directory: the
 * journal was written before the first kernel change, so the restarted agent either re-adopts a fault that was
 * verified (listed and present, and then stopped cleanly) or removes whatever half of one the kernel holds; either
 * way the namespace ends exactly as it was.
 */
@Tag("privileged")
class AgentCrashTest {

    static final int TRIALS = 10;

    @TempDir
    Path tmp;

    @Test
    void kill9_duringApply_restartLeavesExactlyTheJournalledFault() throws Exception {
        Random random = new Random(42);
        int adopted = 0;
        int cleaned = 0;
        int dirty = 0;
        try (AgentFixture f = new AgentFixture(tmp)) {
            for (int i = 0; i < TRIALS; i++) {
                CompletableFuture<AgentClient.Response> start = CompletableFuture.supplyAsync(
                        () -> f.startBlackhole(AgentFixture.BLOCKED, ""));
                Thread.sleep(random.nextInt(150));
                f.agent.kill9();
                start.get(30, TimeUnit.SECONDS);
                dirty += f.snapshot().equals(f.before) ? 0 : 1;

                f.startAgent();

                JsonNode listed = AgentLifecycleTest.faults(f);
                if (listed.isEmpty()) {
                    cleaned++;
                    f.assertKernelAsBefore();
                } else {
                    adopted++;
                    assertThat(listed).hasSize(1);
                    assertThat(listed.get(0).get("present").asBoolean()).isTrue();
                    assertThat(f.connects(AgentFixture.BLOCKED).timeouts()).isEqualTo(3);
                    assertThat(f.blackhole("stop", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"stopped\"}");
                    f.assertKernelAsBefore();
                }
                assertThat(AgentLifecycleTest.journal(f)).isEmpty();
            }
        }
        System.out.printf("e2e crash: %d kill -9 in the first 150 ms of a start (%d left kernel objects behind): "
                + "%d re-adopted as verified, %d cleaned at restart, 0 leaked%n", TRIALS, dirty, adopted, cleaned);
    }
}
