package dev.netfault.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the netfault command tree in-process with captured output (picocli's testing recipe). */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cmd = NetfaultCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
