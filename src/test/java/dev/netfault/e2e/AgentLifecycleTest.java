package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.testing.ConnectStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built agent as a real process in a namespace, driven only over HTTP, its effect measured by TCP connects from the
 * same namespace to a server in the peer namespace. Every test ends with the namespace's iptables, ip6tables, nftables,
 * ipsets, links, qdiscs and filters equal to what they were before the agent started ({@link AgentFixture#close()}).
 */
@Tag("privileged")
class AgentLifecycleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String STATUS = "/fault/v1/network-blackhole-port/status";

    @TempDir
    Path tmp;

    @Test
    void blackhole_startBlocksStopRestores() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).isEqualTo(3);

            AgentClient.Response start = f.startBlackhole(AgentFixture.BLOCKED, "");
            assertThat(start.status()).as(start.body() + "\n" + f.agent.log()).isEqualTo(200);
            assertThat(start.body()).isEqualTo("{\"Status\":\"running\"}");
            assertThat(f.blackhole("status", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"running\"}");

            ConnectStats blocked = f.connects(AgentFixture.BLOCKED);
            ConnectStats open = f.connects(AgentFixture.OPEN);
            System.out.println("e2e blackhole active: port 8080 " + blocked.summary() + "; port 8081 " + open.summary());
            assertThat(blocked.timeouts()).isEqualTo(3);
            assertThat(open.successes()).isEqualTo(3);

            assertThat(f.blackhole("stop", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"stopped\"}");
            assertThat(f.blackhole("status", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"not-running\"}");
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).isEqualTo(3);
            f.assertKernelAsBefore();
        }
    }

    @Test
    void idleAgent_changesNothingInTheKernel() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            f.assertKernelAsBefore();
            assertThat(f.client.get("/faults").body()).isEqualTo("[]");
            assertThat(f.blackhole("stop", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"stopped\"}");
            f.assertKernelAsBefore();
        }
    }

    @Test
    void kill9_restartAfterExpiry_rulesGone() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            assertThat(f.startBlackhole(AgentFixture.BLOCKED, ",\"DurationSeconds\":3").status()).isEqualTo(200);
            f.agent.kill9();
            assertThat(f.snapshot()).as("the rules outlive a killed agent").isNotEqualTo(f.before);
            assertThat(journal(f)).hasSize(1);

            Thread.sleep(3_500);
            f.startAgent();

            f.assertKernelAsBefore();
            assertThat(journal(f)).isEmpty();
            assertThat(f.client.get("/faults").body()).isEqualTo("[]");
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).isEqualTo(3);
        }
    }

    @Test
    void kill9_restartBeforeExpiry_faultReadoptedThenStopped() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            assertThat(f.startBlackhole(AgentFixture.BLOCKED, "").status()).isEqualTo(200);
            String id = faults(f).get(0).get("id").asText();
            f.agent.kill9();

            f.startAgent();

            JsonNode listed = faults(f);
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
            assertThat(listed.get(0).get("present").asBoolean()).isTrue();
            assertThat(f.connects(AgentFixture.BLOCKED).timeouts()).isEqualTo(3);
            assertThat(f.client.delete("/faults").status()).isEqualTo(200);
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).isEqualTo(3);
            f.assertKernelAsBefore();
        }
    }

    @Test
    void kill9_journalLost_orphanedRulesSweptAtRestart() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            assertThat(f.startBlackhole(AgentFixture.BLOCKED, "").status()).isEqualTo(200);
            f.agent.kill9();
            for (Path p : journal(f)) {
                Files.delete(p);
            }

            f.startAgent();

            f.assertKernelAsBefore();
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).isEqualTo(3);
        }
    }

    @Test
    void sigterm_revertsEveryFault() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            assertThat(f.startBlackhole(AgentFixture.BLOCKED, "").status()).isEqualTo(200);
            assertThat(f.startBlackhole(AgentFixture.OPEN, "").status()).isEqualTo(200);
            assertThat(f.connects(AgentFixture.OPEN).timeouts()).isEqualTo(3);

            long t0 = System.nanoTime();
            int exit = f.agent.terminate(20_000);
            System.out.printf("e2e SIGTERM with 2 faults: agent exited %d after %.0f ms%n", exit, (System.nanoTime() - t0) / 1e6);

            f.assertKernelAsBefore();
            assertThat(journal(f)).isEmpty();
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).isEqualTo(3);
        }
    }

    @Test
    void expiry_durationSecondsTwo_reverts() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            long t0 = System.nanoTime();
            assertThat(f.startBlackhole(AgentFixture.BLOCKED, ",\"DurationSeconds\":2").status()).isEqualTo(200);
            assertThat(f.blackhole("status", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"running\"}");

            String status;
            do {
                Thread.sleep(50);
                status = f.blackhole("status", AgentFixture.BLOCKED).body();
            } while (status.contains("\"running\"") && System.nanoTime() - t0 < 10_000_000_000L);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf("e2e expiry: DurationSeconds 2 -> not-running after %.0f ms%n", ms);

            assertThat(status).isEqualTo("{\"Status\":\"not-running\"}");
            assertThat(ms).isBetween(1_900.0, 4_000.0);
            f.assertKernelAsBefore();
            assertThat(f.connects(AgentFixture.BLOCKED).successes()).isEqualTo(3);
        }
    }

    @Test
    void status_rulesDeletedByHand_notRunningAndListedMissing() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            assertThat(f.startBlackhole(AgentFixture.BLOCKED, "").status()).isEqualTo(200);
            String id = faults(f).get(0).get("id").asText();
            assertThat(faults(f).get(0).get("present").asBoolean()).isTrue();

            f.deleteByHand(id);

            assertThat(f.blackhole("status", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"not-running\"}");
            JsonNode listed = faults(f);
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("present").asBoolean()).isFalse();
            assertThat(f.blackhole("stop", AgentFixture.BLOCKED).body()).isEqualTo("{\"Status\":\"stopped\"}");
            f.assertKernelAsBefore();
        }
    }

    static JsonNode faults(AgentFixture f) throws Exception {
        AgentClient.Response r = f.client.get("/faults");
        assertThat(r.status()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static java.util.List<Path> journal(AgentFixture f) throws Exception {
        try (Stream<Path> s = Files.list(f.stateDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
    }
}
