package dev.netfault.bridge.nftlib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.RecordingRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftRunnerTest {

    private static final Duration T = Duration.ofSeconds(3);

    /** Records what reached the library and answers like a failing or succeeding nft. */
    static final class FakeNft implements Nft {
        final List<NftCall> calls = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();
        boolean closed;

        @Override
        public CommandResult run(NftCall call, Duration timeout) {
            calls.add(call);
            timeouts.add(timeout);
            return call.text().contains("bogus")
                    ? new CommandResult(1, "", "Error: syntax error, unexpected bogus\n")
                    : new CommandResult(0, "out:" + call.text(), "");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final RecordingRunner wrapped = new RecordingRunner();
    private final FakeNft nft = new FakeNft();

    private NftRunner runner(NftRunner.Zone zone) {
        return new NftRunner(wrapped, nft, zone);
    }

    @Test
    void run_nftCommands_goToTheLibraryWithTheirDeadline_othersToTheWrappedRunner() throws Exception {
        NftRunner r = runner(new NftRunner.Zone(null, true));
        CommandResult list = r.run(Command.of("nft", "-j", "list", "table", "netdev", "netfault_0000000a"), T);
        r.run(Command.of("tc", "-batch", "-").withStdin("qdisc show\n"), T);
        r.run(Command.of("nft", "-f", "-").withStdin("add table netdev t\n").withEnv("TZ", "UTC"), Duration.ofMillis(7));
        r.run(Command.of("iptables-restore", "--noflush").withStdin("*filter\nCOMMIT\n"), T);
        r.run(Command.of("nft", "delete", "table", "netdev", "t"), T);

        assertThat(nft.calls).containsExactly(
                new NftCall("list table netdev netfault_0000000a", false, NftLibrary.OUTPUT_JSON),
                new NftCall("add table netdev t\n", true, 0),
                new NftCall("delete table netdev t", false, 0));
        assertThat(nft.timeouts).containsExactly(T, Duration.ofMillis(7), T);
        assertThat(list).isEqualTo(new CommandResult(0, "out:list table netdev netfault_0000000a", ""));
        assertThat(wrapped.lines()).containsExactly("tc -batch -", "iptables-restore --noflush");
        assertThat(wrapped.commands().get(0).stdin()).isEqualTo("qdisc show\n");
    }

    @Test
    void run_libraryFailure_isTheCommandsResult() throws Exception {
        CommandResult r = runner(new NftRunner.Zone(null, true))
                .run(Command.of("nft", "-f", "-").withStdin("add rule bogus"), T);
        assertThat(r).isEqualTo(new CommandResult(1, "", "Error: syntax error, unexpected bogus\n"));
        assertThat(wrapped.commands()).isEmpty();
    }

    @Test
    void run_nftTheLibraryWouldNotRunAlike_goesToTheProcess() throws Exception {
        NftRunner r = runner(new NftRunner.Zone(null, true));
        r.run(Command.of("nft", "--version"), T);
        r.run(Command.of("nft", "-c", "-f", "-").withStdin("add table inet t"), T);
        r.run(Command.of("nft", "list", "ruleset").withEnv("LANG", "C"), T);
        assertThat(nft.calls).isEmpty();
        assertThat(wrapped.lines()).containsExactly("nft --version", "nft -c -f -", "nft list ruleset");
    }

    @Test
    void run_tzUtcScript_whenOurZoneIsNotUtc_goesToTheProcess() throws Exception {
        NftRunner r = runner(new NftRunner.Zone("Europe/Paris", false));
        Command deadline = Command.of("nft", "-f", "-").withStdin("add table inet t\n").withEnv("TZ", "UTC");
        r.run(deadline, T);
        r.run(Command.of("nft", "list", "table", "inet", "t"), T);
        r.run(Command.of("nft", "-f", "-").withStdin("add table inet u\n").withEnv("TZ", "Europe/Paris"), T);
        assertThat(wrapped.commands()).containsExactly(deadline);
        assertThat(nft.calls).containsExactly(new NftCall("list table inet t", false, 0),
                new NftCall("add table inet u\n", true, 0));
    }

    @Test
    void run_tzUtcScript_whenOurZoneIsUtc_staysInProcess() throws Exception {
        runner(new NftRunner.Zone(null, true))
                .run(Command.of("nft", "-f", "-").withStdin("add table inet t\n").withEnv("TZ", "UTC"), T);
        assertThat(nft.calls).containsExactly(new NftCall("add table inet t\n", true, 0));
        assertThat(wrapped.commands()).isEmpty();
    }

    @Test
    void close_closesTheLibrary() {
        runner(new NftRunner.Zone(null, true)).close();
        assertThat(nft.closed).isTrue();
    }
}
