package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code netfault serve} parsed on its own (start-up's fast path) says and does what the whole command tree does. */
class ServeFastPathTest {

    @Test
    void usage_isTheSameAsThroughTheTree() {
        String tree = NetfaultCommand.commandLine().getSubcommands().get("serve").getUsageMessage();

        assertThat(NetfaultCommand.serveCommandLine().getUsageMessage()).isEqualTo(tree).startsWith("Usage: netfault serve");
    }

    @Test
    void badOption_sameMessageAndExitCodeAsThroughTheTree() {
        StringWriter viaTree = new StringWriter();
        CommandLine tree = NetfaultCommand.commandLine().setErr(new PrintWriter(viaTree));
        int treeExit = tree.execute("serve", "--no-such-option");
        StringWriter alone = new StringWriter();
        int aloneExit = NetfaultCommand.serveCommandLine().setErr(new PrintWriter(alone)).execute("--no-such-option");

        assertThat(aloneExit).isEqualTo(treeExit).isEqualTo(2);
        assertThat(alone.toString()).isEqualTo(viaTree.toString()).contains("Unknown option: '--no-such-option'");
    }
}
