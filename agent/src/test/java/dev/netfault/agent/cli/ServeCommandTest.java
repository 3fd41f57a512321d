package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netfault serve}'s refusals and option parsing, through picocli's execute with captured output. */
class ServeCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cmd = dev.netfault.agent.cli.NetfaultCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void serve_refusesNonLoopbackWithoutToken() {
        Run r = run("serve", "--listen", "0.0.0.0:51680", "--state-dir", tmp.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("netfault serve: refusing to listen on 0.0.0.0:51680 without --token-file: "
                + "any address other than loopback needs a bearer token\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void serve_refusesEmptyTokenFile() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "  \n");

        Run r = run("serve", "--listen", "0.0.0.0:0", "--token-file", token.toString(), "--state-dir", tmp.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("netfault serve: token-file: '" + token + "' (expected: one token of printable ASCII");
    }

    @Test
    void serve_refusesBadOptionsAsUsageErrors() {
        assertThat(run("serve", "--max-duration", "5x").exit()).isEqualTo(2);
        assertThat(run("serve", "--max-duration", "5x").err())
                .contains("duration: '5x' (expected: a positive number with ms, s, m or h, such as 250ms, 30s, 5m or 2h)");
        assertThat(run("serve", "--listen", "localhost").err())
                .contains("listen: 'localhost' (expected: HOST:PORT such as 127.0.0.1:51680 or [::1]:51680)");
        assertThat(run("serve", "--exempt", "198.51.100.300").exit()).isEqualTo(2);
        Run tooLong = run("serve", "--max-duration", "13h", "--state-dir", tmp.toString());
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).isEqualTo("netfault serve: max-duration: 46800s (expected: 1s-12h)\n");
        Run format = run("serve", "--log-format", "xml", "--state-dir", tmp.toString());
        assertThat(format.err()).isEqualTo("netfault serve: log-format: 'xml' (expected: text or json)\n");
        Run netns = run("serve", "--netns", "no such name!", "--state-dir", tmp.toString());
        assertThat(netns.exit()).isEqualTo(2);
        assertThat(netns.err()).isEqualTo("netfault serve: netns: 'no such name!' (expected: a path or a name under /run/netns)\n");
    }

    @Test
    void serve_refusesALeaseOutside3sTo10mAsAUsageError() {
        Run short_ = run("serve", "--lease", "2s", "--state-dir", tmp.toString());
        assertThat(short_.exit()).isEqualTo(2);
        assertThat(short_.err()).isEqualTo("netfault serve: lease: 2000ms (expected: 3s-10m, whole milliseconds)\n");
        Run long_ = run("serve", "--lease", "11m", "--state-dir", tmp.toString());
        assertThat(long_.exit()).isEqualTo(2);
        assertThat(long_.err()).isEqualTo("netfault serve: lease: 660000ms (expected: 3s-10m, whole milliseconds)\n");
        assertThat(run("serve", "--lease", "soon").err())
                .contains("duration: 'soon' (expected: a positive number with ms, s, m or h, such as 250ms, 30s, 5m or 2h)");
    }

    @Test
    void help_listsServeOptions() {
        Run r = run("serve", "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--listen", "--netns", "--state-dir", "--max-duration", "--exempt", "--token-file",
                "--log-format", "default: 127.0.0.1:51680", "default: /var/lib/netfault", "default: 12h", "--lease",
                "default: 15s", "--allow-unleased");
    }

    @Test
    void parse_humanDurations() {
        assertThat(HumanDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(HumanDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(HumanDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(HumanDuration.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThatThrownBy(() -> HumanDuration.parse("0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HumanDuration.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HumanDuration.parse("5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_listenAddresses() {
        assertThat(ListenAddress.parse("127.0.0.1:51680").getPort()).isEqualTo(51680);
        assertThat(ListenAddress.parse("[::1]:8080").getAddress().isLoopbackAddress()).isTrue();
        assertThat(ServeCommand.show(ListenAddress.parse("[::1]:8080"))).isEqualTo("[0:0:0:0:0:0:0:1]:8080");
        assertThat(ListenAddress.parse("0.0.0.0:0").getAddress().isLoopbackAddress()).isFalse();
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:65536")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenAddress.parse("::1:80")).isInstanceOf(IllegalArgumentException.class);
    }
}
