package dev.netfault.agent.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The demo's child processes: started with argv lists, their output followed, all stopped at the end. */
final class Children {

    private final List<Process> processes = new CopyOnWriteArrayList<>();

    /** Starts a long-running child; its stdout lines go to {@code lines}, its stderr to {@code log}. */
    Process start(List<String> argv, Path log, Consumer<String> lines) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        processes.add(p);
        Thread t = new Thread(() -> follow(p, lines), "demo-follow-" + p.pid());
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** Starts a {@link NetfaultShell}, stopped with the other children. */
    NetfaultShell shell(List<String> argv, Path log) throws IOException {
        NetfaultShell shell = new NetfaultShell(argv, log);
        processes.add(shell.process());
        return shell;
    }

    /** A finished command: its exit code and output. */
    record Result(int exitCode, String output) {
    }

    /** SIGTERM to every child (the agent reverts its faults on it), then SIGKILL to any still alive after the grace time. */
    void stopAll(long graceSeconds) throws InterruptedException {
        List<Process> all = new ArrayList<>(processes);
        all.forEach(Process::destroy);
        for (Process p : all) {
            if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        }
        processes.clear();
    }

    private static void follow(Process p, Consumer<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException e) {
            // the child ended
        }
    }
}
