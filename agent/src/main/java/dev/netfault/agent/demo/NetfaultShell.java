package dev.netfault.agent.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One long-lived {@code netfault demo shell} process in the client namespace that runs CLI commands sent on its
 * standard input, so each fault command costs a request, not a JVM start. Protocol: one command per line, arguments
 * separated by tabs; the answer is the command's output followed by a line {@code END + exit code}.
 */
final class NetfaultShell {

    static final String END = "\u0004 ";

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    NetfaultShell(List<String> argv, Path log) throws IOException {
        process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    Process process() {
        return process;
    }

    /** Runs {@code netfault <args>} in the shell; exit code -1 when the shell itself died. */
    synchronized Children.Result exec(List<String> args) throws IOException {
        for (String a : args) {
            if (a.indexOf('\t') >= 0 || a.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("argument: '" + a + "' (expected: no tab or newline)");
            }
        }
        in.write(String.join("\t", args) + "\n");
        in.flush();
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(END)) {
                return new Children.Result(Integer.parseInt(line.substring(END.length()).trim()), text.toString());
            }
            text.append(line).append('\n');
        }
        return new Children.Result(-1, text + "(the netfault shell ended)");
    }
}
