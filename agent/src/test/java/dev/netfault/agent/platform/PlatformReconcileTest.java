package dev.netfault.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.EnforcerMode;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultManager;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.Journal;
import dev.netfault.agent.faults.JournalEntry;
import dev.netfault.agent.faults.MaxDuration;
import dev.netfault.agent.faults.Reconciler;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.target.Targeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A platform-mode agent reconciling a journal: kernel-mode entries are never sent to the platform, nor re-adopted. */
class PlatformReconcileTest {

    @TempDir
    Path stateDir;
    private FakePlatform platform;
    private PlatformEnforcer enforcer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        platform = new FakePlatform();
        enforcer = new PlatformEnforcer(new PlatformClient(platform.base()), new PlatformRequests(List.of()),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), new Health("platform", "test", Map.of(), Map.of()));
        log.setContext(context);
        log.start();
        context.getLogger(Reconciler.class).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        context.getLogger(Reconciler.class).detachAppender(log);
        scheduler.shutdownNow();
        platform.close();
    }

    private Reconciler.Report reconcile() throws InterruptedException {
        return new FaultManager(enforcer, new Journal(stateDir), scheduler, Clock.systemUTC(), MaxDuration.VALUE,
                Duration.ofSeconds(5)).reconcile();
    }

    @Test
    void reconcile_kernelEntry_loggedLeftInTheJournalAndNothingSentForIt() throws Exception {
        Instant now = Instant.now();
        FaultId id = new FaultId("0000beef");
        AppliedFault kernelFault = new AppliedFault(id, "loss", "tc prio+netem", List.of("eth0"),
                java.util.Set.of(dev.netfault.bridge.plan.Touches.TC, dev.netfault.bridge.plan.Touches.TC_TREE),
                List.of(Command.of("tc", "-batch", "-").withStdin("qdisc add dev eth0 root handle 4e46: prio\n")),
                List.of(new Check("root qdisc", Command.of("tc", "-j", "qdisc", "show", "dev", "eth0"), List.of("4e46:"))),
                List.of(Command.of("tc", "qdisc", "del", "dev", "eth0", "root", "handle", "4e46:")),
                dev.netfault.bridge.plan.Lease.unleased("test"));
        Journal journal = new Journal(stateDir);
        journal.write(new JournalEntry(FaultKey.loss(), LossSpec.random(20, Targeting.all()), now, now.plusSeconds(600),
                JournalEntry.Phase.ACTIVE, EnforcerMode.KERNEL, kernelFault));
        String before = Files.readString(journal.file(id));

        Reconciler.Report r = reconcile();

        assertThat(r.foreign()).extracting(e -> e.applied().id()).containsExactly(id);
        assertThat(r.adopted()).isEmpty();
        assertThat(r.reverted()).isEmpty();
        assertThat(r.failures()).isEmpty();
        // only the sweep's own status questions reached the platform; nothing of the kernel entry
        assertThat(platform.routes()).containsExactly("/fault/v1/network-latency/status",
                "/fault/v1/network-packet-loss/status");
        assertThat(Files.readString(journal.file(id))).isEqualTo(before);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("reconcile: fault 0000beef (loss) was applied in kernel mode and this agent runs in "
                        + "platform mode: left untouched in " + journal.file(id) + ". To remove it, start the agent once "
                        + "with --mode kernel (it reverts or re-adopts the entry), or run the entry's \"revert\" steps "
                        + "yourself and delete the file");
    }

    @Test
    void reconcile_platformEntryFromBeforeModeWasJournalled_isReadoptedAsItsOwn() throws Exception {
        Instant now = Instant.now();
        FaultId id = new FaultId("0000f00d");
        LossSpec spec = LossSpec.random(20, Targeting.all());
        Journal journal = new Journal(stateDir);
        journal.write(new JournalEntry(FaultKey.loss(), spec, now, now.plusSeconds(600), JournalEntry.Phase.ACTIVE,
                EnforcerMode.PLATFORM, enforcer.prepare(id, spec, now.plusSeconds(600))));
        Path file = journal.file(id);
        String old = Files.readString(file).replaceFirst(",\\s*\"mode\"\\s*:\\s*\"platform\"", "");
        assertThat(old).doesNotContain("\"mode\"");
        Files.writeString(file, old);
        platform.setRunning("/fault/v1/network-packet-loss");

        Reconciler.Report r = reconcile();

        assertThat(r.foreign()).isEmpty();
        assertThat(r.adopted()).extracting(e -> e.applied().id()).containsExactly(id);
        assertThat(r.adopted().get(0).mode()).isEqualTo(EnforcerMode.PLATFORM);
        assertThat(platform.routes()).containsExactly("/fault/v1/network-packet-loss/status",
                "/fault/v1/network-latency/status");
        assertThat(log.list).noneMatch(e -> e.getLevel() == Level.WARN);
    }
}
