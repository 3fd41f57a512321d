package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --mode} and {@code --rate-limit} refusals, and doctor's mode line. */
class ServeModeOptionsTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        CommandLine cmd = NetfaultCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void serve_platformModeWithoutEcsAgentUriIsAUsageError() {
        Assumptions.assumeTrue(System.getenv("ECS_AGENT_URI") == null, "ECS_AGENT_URI is set in this environment");
        String[] r = run("serve", "--mode", "platform", "--state-dir", tmp.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).isEqualTo("netfault serve: mode: 'platform' (expected: ECS_AGENT_URI set to the platform's agent,"
                + " e.g. http://169.254.170.2/api/<id>)\n");
    }

    @Test
    void serve_unknownModeAndBadRateLimitAreUsageErrors() {
        String[] mode = run("serve", "--mode", "fargate", "--state-dir", tmp.toString());
        assertThat(mode[0]).isEqualTo("2");
        assertThat(mode[2]).isEqualTo("netfault serve: mode: 'fargate' (expected: kernel, platform or auto)\n");
        String[] rate = run("serve", "--rate-limit", "often", "--state-dir", tmp.toString());
        assertThat(rate[0]).isEqualTo("2");
        assertThat(rate[2]).contains("rate-limit: 'often' (expected: N/PERIOD such as 1/5s, 10/1m, 2/500ms)");
    }

    @Test
    void modeLine_saysWhatAutoPicksAndWhy() {
        Assumptions.assumeTrue(System.getenv("ECS_AGENT_URI") == null, "ECS_AGENT_URI is set in this environment");
        assertThat(DoctorCommand.modeLine("CapEff:\t0000000000000000\n")).isEqualTo("mode (serve --mode auto): kernel - "
                + "auto: ECS_AGENT_URI is not set, so tc/nftables/iptables in this network namespace enforce faults"
                + " (CAP_NET_ADMIN absent)");
    }
}
