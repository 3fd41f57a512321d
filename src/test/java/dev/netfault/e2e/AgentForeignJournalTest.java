package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.EnforcerMode;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.Journal;
import dev.netfault.agent.faults.JournalEntry;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel-mode agent restarted on a state directory that holds platform-mode entries (one live, one expired): it
 * logs one line for each, runs none of their platform calls as commands, lists neither, and leaves both files as
 * they were; the namespace's kernel state is unchanged.
 */
@Tag("privileged")
class AgentForeignJournalTest {

    @TempDir
    Path tmp;

    @Test
    void restart_platformEntriesInTheJournal_loggedLeftUntouchedNothingRun() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            f.agent.terminate(20_000);
            Journal journal = new Journal(f.stateDir);
            Instant now = Instant.now();
            JournalEntry live = platformEntry("0000a11e", new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()),
                    "network-latency", now.minusSeconds(30), now.plusSeconds(600));
            JournalEntry expired = platformEntry("0000dead",
                    new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all()), "network-blackhole-port",
                    now.minusSeconds(600), now.minusSeconds(30));
            journal.write(live);
            journal.write(expired);
            String liveJson = Files.readString(journal.file(live.applied().id()));
            String expiredJson = Files.readString(journal.file(expired.applied().id()));

            f.startAgent();

            assertThat(AgentLifecycleTest.faults(f)).isEmpty();
            assertThat(Files.readString(journal.file(live.applied().id()))).isEqualTo(liveJson);
            assertThat(Files.readString(journal.file(expired.applied().id()))).isEqualTo(expiredJson);
            String log = f.agent.log();
            assertThat(log).contains(line(live, journal), line(expired, journal))
                    .contains("0 re-adopted, 0 reverted, 0 orphaned objects swept, 0 failures, 2 left to the other mode")
                    .doesNotContain("'POST").doesNotContain("cannot tell whether");
            f.assertKernelAsBefore();
        }
    }

    private static JournalEntry platformEntry(String id, FaultSpec spec, String route, Instant started, Instant expires) {
        String base = "/fault/v1/" + route + "/";
        AppliedFault a = new AppliedFault(new FaultId(id), spec.kind(), "platform fault endpoints", List.of(), java.util.Set.of(),
                List.of(Command.of("POST", base + "start").withStdin("{}")),
                List.of(new Check("platform status " + route, Command.of("POST", base + "status"), List.of("\"running\""))),
                List.of(Command.of("POST", base + "stop")), dev.netfault.bridge.plan.Lease.unleased("platform"));
        return new JournalEntry(FaultKey.of(spec), spec, started, expires, JournalEntry.Phase.ACTIVE,
                EnforcerMode.PLATFORM, a);
    }

    private static String line(JournalEntry e, Journal journal) {
        return "WARN  d.n.a.faults.Reconciler - reconcile: fault " + e.applied().id() + " (" + e.key()
                + ") was applied in platform mode and this agent runs in kernel mode: left untouched in "
                + journal.file(e.applied().id()) + ". To remove it, start the agent once with --mode platform (it "
                + "reverts or re-adopts the entry), or run the entry's \"revert\" steps yourself and delete the file\n";
    }
}
