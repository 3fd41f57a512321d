package dev.netfault.e2e.bench;

import dev.netfault.e2e.AgentProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.Journal;
import dev.netfault.agent.faults.JournalEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 5b: kill -9 of the agent at a random moment during an apply, during a revert, or while idle with
 * faults active, then a restart on the same state directory. Asserted after every restart: the kernel holds exactly the
 * faults whose journal entries are live and unexpired (a 1.5 s band around each expiry is not judged), and nothing that
 * no journal entry owns. Up to {@value #TRIALS} trials or {@value #BUDGET_SECONDS} s, whichever comes first.
 */
@Tag("bench")
class CrashTortureTest {

    static final int TRIALS = 100;
    static final int BUDGET_SECONDS = 150;
    static final long BAND_MS = 1_500;
    static final String[] PHASES = {"apply", "revert", "idle"};

    @TempDir
    Path tmp;

    @Test
    void crash_kill9AtRandomMoments() throws Exception {
        String[][] pool = {
            {"/fault/v1/network-blackhole-port/", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}"},
            {"/fault/v1/network-blackhole-port/", "{\"Port\":9002,\"Protocol\":\"udp\",\"TrafficType\":\"egress\"", "{\"Port\":9002,\"Protocol\":\"udp\",\"TrafficType\":\"egress\"}"},
            {"/fault/v1/network-blackhole-port/", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"", "{\"Port\":9001,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"}"},
            {"/fault/v1/network-packet-loss/", "{\"LossPercent\":30,\"Sources\":[\"198.51.100.2\"]", ""},
        };
        Random random = new Random(88);
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        List<String> failures = new ArrayList<>();
        int[] byPhase = new int[3];
        int[] failedByPhase = new int[3];
        int trials = 0;
        int leaked = 0;
        long deadline = System.nanoTime() + BUDGET_SECONDS * 1_000_000_000L;
        try (BenchSetup s = BenchSetup.create(tmp)) {
            while (trials < TRIALS && System.nanoTime() < deadline) {
                int phase = random.nextInt(3); // 0 apply, 1 revert, 2 idle
                String[] f = pool[random.nextInt(pool.length)];
                String start = f[1] + ",\"DurationSeconds\":" + (random.nextInt(10) < 3 ? 2 : 600) + "}";
                AgentProcess victim = s.agent;
                long delayMicros = random.nextInt(40_000);
                if (phase == 0) {
                    killer.schedule(() -> kill(victim), delayMicros, TimeUnit.MICROSECONDS);
                    s.client.post(f[0] + "start", start);
                } else if (phase == 1) {
                    s.client.post(f[0] + "start", start);
                    killer.schedule(() -> kill(victim), delayMicros, TimeUnit.MICROSECONDS);
                    s.client.post(f[0] + "stop", f[2]);
                } else {
                    s.client.post(f[0] + "start", start);
                    Thread.sleep(delayMicros / 1000);
                    kill(victim);
                }
                victim.kill9();
                byPhase[phase]++;
                trials++;
                s.startAgent(null);
                String problem = check(s);
                if (problem != null) {
                    failures.add("trial " + trials + " (" + PHASES[phase] + "): " + problem);
                    failedByPhase[phase]++;
                    leaked += problem.contains("not owned") ? 1 : 0;
                    // start the next trial clean, so each failure is counted once
                    s.client.delete("/faults");
                }
            }
            assertThat(s.client.delete("/faults").status()).isEqualTo(200);
        } finally {
            killer.shutdownNow();
        }
        BenchReport.row("5 torture", "crash: kill -9 trials (apply/revert/idle)", trials, "",
                byPhase[0] + "/" + byPhase[1] + "/" + byPhase[2] + " in <= " + BUDGET_SECONDS + " s");
        BenchReport.row("5 torture", "crash: trials where the kernel != live journal after restart", failures.size(), "",
                "0", failures.isEmpty(), "apply/revert/idle: " + failedByPhase[0] + "/" + failedByPhase[1] + "/"
                        + failedByPhase[2] + (failures.isEmpty() ? "" : "; first: " + failures.get(0)));
        BenchReport.row("5 torture", "crash: trials with objects no journal entry owns", leaked, "", "0", leaked == 0, "");
        failures.forEach(System.out::println);
        assertThat(failures).isEmpty();
    }

    private static void kill(AgentProcess agent) {
        try {
            agent.kill9();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Null when the kernel holds exactly the live, unexpired journal entries (outside the expiry band). */
    private static String check(BenchSetup s) throws InterruptedException {
        Instant now = Instant.now();
        List<JournalEntry> entries = new Journal(s.stateDir).readAll().entries();
        Set<String> kernel = KernelLook.faultIds(s.snapshot());
        Set<String> owned = new TreeSet<>();
        Set<String> mustBe = new TreeSet<>();
        Set<String> mustNot = new TreeSet<>();
        for (JournalEntry e : entries) {
            String id = e.applied().id().value();
            owned.add(id);
            if (e.expiresAt().isAfter(now.plusMillis(BAND_MS))) {
                mustBe.add(id);
            } else if (e.expiresAt().isBefore(now.minusMillis(BAND_MS))) {
                mustNot.add(id);
            }
        }
        Set<String> notOwned = new TreeSet<>(kernel);
        notOwned.removeAll(owned);
        if (!notOwned.isEmpty()) {
            return "kernel objects not owned by any journal entry: " + notOwned + " (journal " + owned + ")";
        }
        Set<String> missing = new TreeSet<>(mustBe);
        missing.removeAll(kernel);
        if (!missing.isEmpty()) {
            String listed = s.client.get("/faults").body();
            return "live journal entries missing from the kernel: " + missing
                    + (listed.contains("\"present\":false") ? "; GET /faults lists a fault with present:false" : "");
        }
        Set<String> stale = new TreeSet<>(mustNot);
        if (!stale.isEmpty()) {
            return "expired entries still journaled: " + stale + (kernel.containsAll(stale) ? " and in the kernel" : "");
        }
        return null;
    }
}
