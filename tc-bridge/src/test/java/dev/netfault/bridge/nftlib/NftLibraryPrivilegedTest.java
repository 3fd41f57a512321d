package dev.netfault.bridge.nftlib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.Netns;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * libnftables in-process, in a namespace the test made, against the {@code nft} binary: the same script gives the
 * same ruleset and the same words, the host's ruleset is not touched, and a deadline holds.
 */
@Tag("privileged")
class NftLibraryPrivilegedTest {

    private static final Duration T = Duration.ofSeconds(10);
    private static final ProcessCommandRunner HOST = new ProcessCommandRunner();
    /** What a plan loads: a netdev egress table with a lease set, a deadline read in UTC, a drop. */
    private static final String SCRIPT = "table netdev nfh_t {\n"
            + " set lease {\n  type ether_type; flags timeout;\n }\n"
            + " chain egress {\n  type filter hook egress device nfhd0 priority 0; policy accept;\n"
            + "  ip daddr 198.51.100.9 return\n"
            + "  meta protocol @lease meta time < \"2031-05-04 03:02:01\" ip daddr 198.51.100.0/24 numgen random mod"
            + " 100 lt 20 counter drop\n }\n}\n";
    private static final Command APPLY = Command.of("nft", "-f", "-").withStdin(SCRIPT).withEnv("TZ", "UTC");
    private static final Command BAD = Command.of("nft", "-f", "-").withStdin("table inet nfh_bad {\n chain c {\n"
            + "  ip daddr 198.51.100.9 bogus drop\n }\n}\n");

    @BeforeEach
    void root() {
        Netns.assumeRoot();
    }

    private static Netns withVeth(String prefix) throws InterruptedException {
        Netns ns = Netns.create(prefix);
        ns.exec("ip", "link", "add", "nfhd0", "type", "veth", "peer", "name", "nfhd1");
        ns.exec("ip", "link", "set", "nfhd0", "up");
        return ns;
    }

    private static NftLoader.Loaded load(Netns ns) throws InterruptedException {
        NftLoader.Loaded l = NftLoader.load(ns.runner(), Optional.of(ns.path()), Optional.empty());
        assertThat(l.path()).isEqualTo(NftLoader.IN_PROCESS);
        assertThat(l.inProcess()).isTrue();
        return l;
    }

    private static String hostRuleset() throws InterruptedException {
        return HOST.run(Command.of("nft", "list", "ruleset"), T).stdout();
    }

    @Test
    void script_appliedByTheLibraryInATargetNamespace_readsBackAsTheProcessPathsAndLeavesTheHostAlone()
            throws Exception {
        String hostBefore = hostRuleset();
        try (Netns lib = withVeth("nfhl"); Netns proc = withVeth("nfhp")) {
            NftLoader.Loaded l = load(lib);
            try (NftRunner runner = (NftRunner) l.runner()) {
                assertThat(runner.run(APPLY, T)).isEqualTo(new CommandResult(0, "", ""));
                proc.exec(APPLY);

                String byProcess = proc.exec("nft", "list", "ruleset");
                assertThat(lib.exec("nft", "list", "ruleset")).isEqualTo(byProcess)
                        .contains("meta time < \"2031-05-04 03:02:01\"");
                assertThat(runner.run(Command.of("nft", "list", "ruleset"), T))
                        .isEqualTo(new CommandResult(0, byProcess, ""));
                assertThat(runner.run(Command.of("nft", "-j", "list", "table", "netdev", "nfh_t"), T).stdout())
                        .isEqualTo(proc.exec("nft", "-j", "list", "table", "netdev", "nfh_t"));
                assertThat(runner.run(Command.of("nft", "-s", "list", "ruleset"), T).stdout())
                        .isEqualTo(proc.exec("nft", "-s", "list", "ruleset"));
                assertThat(runner.run(Command.of("nft", "-a", "list", "ruleset"), T).stdout())
                        .isEqualTo(proc.exec("nft", "-a", "list", "ruleset"));
                String terse = runner.run(Command.of("nft", "-t", "list", "table", "netdev", "nfh_t"), T).stdout();
                assertThat(terse).isEqualTo(proc.exec("nft", "-t", "list", "table", "netdev", "nfh_t"))
                        .contains("set lease", "counter packets 0 bytes 0 drop").doesNotContain("elements");
                assertThat(runner.run(Command.of("nft", "-j", "-t", "list", "table", "netdev", "nfh_t"), T).stdout())
                        .isEqualTo(proc.exec("nft", "-j", "-t", "list", "table", "netdev", "nfh_t"));
                assertThat(runner.run(Command.of("nft", "delete", "table", "netdev", "nfh_t"), T).exitCode()).isZero();
                assertThat(lib.exec("nft", "list", "ruleset")).isEmpty();
            }
        }
        assertThat(hostRuleset()).isEqualTo(hostBefore).doesNotContain("nfh_");
    }

    @Test
    void deadline_readInUtc_asTheProcessWithTzUtcReadsIt() throws Exception {
        try (Netns lib = withVeth("nfhz"); NftRunner runner = (NftRunner) load(lib).runner()) {
            runner.run(APPLY, T);
            String utc = lib.exec(Command.of("nft", "list", "chain", "netdev", "nfh_t", "egress").withEnv("TZ", "UTC"));
            assertThat(utc).contains("meta time < \"2031-05-04 03:02:01\"");
            assertThat(runner.run(Command.of("nft", "list", "chain", "netdev", "nfh_t", "egress"), T).stdout())
                    .isEqualTo(utc);
        }
    }

    @Test
    void badScript_exit1WithTheParsersWords_asTheBinaryGivesThem() throws Exception {
        try (Netns lib = Netns.create("nfhb"); Netns proc = Netns.create("nfhq");
             NftRunner runner = (NftRunner) load(lib).runner()) {
            CommandResult byLibrary = runner.run(BAD, T);
            CommandResult byProcess = proc.runner().run(BAD, T);

            assertThat(byProcess.exitCode()).isEqualTo(1);
            assertThat(byLibrary).isEqualTo(byProcess);
            assertThat(byLibrary.stderr()).startsWith("/dev/stdin:3:").contains("Error: syntax error")
                    .contains("  ip daddr 198.51.100.9 bogus drop\n");
            assertThat(new CommandFailedException(BAD, byLibrary).getMessage())
                    .isEqualTo(new CommandFailedException(BAD, byProcess).getMessage())
                    .startsWith("'nft -f -' failed (exit 1): /dev/stdin:3:");
            Command missing = Command.of("nft", "delete", "table", "inet", "nfh_none");
            assertThat(runner.run(missing, T)).isEqualTo(proc.runner().run(missing, T));
            assertThat(runner.run(missing, T).exitCode()).isEqualTo(1);
            assertThat(lib.exec("nft", "list", "ruleset")).isEmpty();
        }
    }

    @Test
    void changesByOthers_areSeenByTheLibrarysNextCommand() throws Exception {
        try (Netns lib = Netns.create("nfhc"); NftRunner runner = (NftRunner) load(lib).runner()) {
            assertThat(runner.run(Command.of("nft", "list", "tables"), T).stdout()).isEmpty();
            lib.exec("nft", "add", "table", "inet", "nfh_other");
            assertThat(runner.run(Command.of("nft", "list", "tables"), T).stdout()).isEqualTo("table inet nfh_other\n");
        }
    }

    @Test
    void deadlineMissed_timesOutAsAProcessWould_andTheNextCommandWaitsBehindIt() throws Exception {
        String elements = IntStream.range(0, 60_000)
                .mapToObj(i -> "198.51." + (i >> 8 & 0xff) + "." + (i & 0xff) + " . " + (1000 + i % 50000))
                .collect(Collectors.joining(",\n"));
        Command big = Command.of("nft", "-f", "-").withStdin("table inet nfh_big {\n set s {\n"
                + "  type ipv4_addr . inet_service;\n  elements = { " + elements + " }\n }\n}\n");
        try (Netns lib = Netns.create("nfht"); NftRunner runner = (NftRunner) load(lib).runner()) {
            CommandResult late = runner.run(big, Duration.ofMillis(1));
            assertThat(late).isEqualTo(new CommandResult(CommandResult.TIMED_OUT, "", "timed out after 1 ms"));
            assertThat(new CommandFailedException(big, late).getMessage()).isEqualTo("'nft -f -' failed (timed out):"
                    + " timed out after 1 ms");
            assertThat(runner.run(Command.of("nft", "list", "tables"), Duration.ofSeconds(60)).stdout())
                    .isEqualTo("table inet nfh_big\n");
        }
    }

    @Test
    void ownNamespace_readsWhatTheBinaryReads() throws Exception {
        CommandRunner process = HOST;
        NftLoader.Loaded l = NftLoader.load(process, Optional.empty(), Optional.empty());
        assertThat(l.inProcess()).isTrue();
        try (NftRunner runner = (NftRunner) l.runner()) {
            assertThat(runner.run(Command.of("nft", "list", "tables"), T))
                    .isEqualTo(HOST.run(Command.of("nft", "list", "tables"), T));
        }
    }
}
