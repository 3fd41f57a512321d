package dev.netfault.e2e;

import dev.netfault.bridge.testing.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The built agent jar running as a real process inside a namespace:
 * {@code ip netns exec NS java -jar netfault.jar serve --state-dir DIR}. {@code ip netns exec} execs java, so
 * {@link #pid()} is the agent's JVM: SIGTERM and SIGKILL reach it directly.
 */
public final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startedAtMillis;

    private AgentProcess(Process process, Path log, long startedAtMillis) {
        this.process = process;
        this.log = log;
        this.startedAtMillis = startedAtMillis;
    }

    /** The jar surefire names in {@code -Dnetfault.jar}; the test is skipped, with the reason, when it was not built. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("netfault.jar", "agent/target/netfault.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            System.out.println("SKIPPED (e2e): no agent jar at " + jar + " (build the agent module first)");
        }
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no agent jar at " + jar);
        return jar;
    }

    /** The {@code netfault} launcher script of the source tree (its JVM options), if the tree is there. */
    static Path launcher() {
        return Path.of(System.getProperty("netfault.root", "."), "agent", "src", "main", "sh", "netfault")
                .toAbsolutePath().normalize();
    }

    public static AgentProcess start(Netns ns, Path stateDir, String... extra) {
        return start(ns, stateDir, java(List.of()), null, extra);
    }

    /** With these JVM options, e.g. {@link #emulatedCpuOptions()}. */
    public static AgentProcess start(Netns ns, Path stateDir, List<String> jvmOptions, String... extra) {
        return start(ns, stateDir, java(jvmOptions), null, extra);
    }

    /** {@code java OPTIONS -jar netfault.jar}: the agent's command line up to its subcommand. */
    public static List<String> java(List<String> jvmOptions) {
        List<String> argv = new ArrayList<>(List.of(AgentClient.javaBinary()));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-jar", jar().toString()));
        return argv;
    }

    /**
     * JVM options for a CPU that class loading and JIT make slow (the guest lane's emulated CPU, where the agent takes
     * tens of seconds to start): C1 only, the serial GC, and the class-data archive {@code -Dnetfault.agentCds} names
     * when that file exists (scripts/guest-lane.sh makes it from this jar; the JVM ignores a stale one).
     */
    public static List<String> emulatedCpuOptions() {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        String cds = System.getProperty("netfault.agentCds", "");
        if (!cds.isEmpty() && Files.isRegularFile(Path.of(cds))) {
            options.add("-XX:SharedArchiveFile=" + cds);
        }
        return options;
    }

    /**
     * In the host namespace, acting on {@code target} with {@code --netns}: its API on the host's loopback, where a
     * client in this JVM reaches it (pass {@code --listen 127.0.0.1:PORT}).
     */
    public static AgentProcess startActingOn(Netns target, Path stateDir, String... extra) {
        List<String> argv = new ArrayList<>(List.of(AgentClient.javaBinary(), "-jar", jar().toString(), "serve",
                "--netns", target.name(), "--state-dir", stateDir.toString()));
        argv.addAll(List.of(extra));
        return launch(argv, stateDir, null);
    }

    /** Through the launcher script, which execs java with its own small-footprint options. */
    public static AgentProcess startWithLauncher(Netns ns, Path stateDir, String... extra) {
        return startWithLauncher(ns, stateDir, null, extra);
    }

    /** Through the launcher script with {@code JAVA_OPTS} (null: the launcher's own defaults). */
    public static AgentProcess startWithLauncher(Netns ns, Path stateDir, String javaOpts, String... extra) {
        return start(ns, stateDir, List.of("env", "NETFAULT_JAR=" + jar(),
                "PATH=" + Path.of(AgentClient.javaBinary()).getParent() + ":/usr/sbin:/usr/bin:/sbin:/bin",
                "bash", launcher().toString()), javaOpts, extra);
    }

    private static AgentProcess start(Netns ns, Path stateDir, List<String> command, String javaOpts, String... extra) {
        List<String> argv = ns.inside(command.toArray(String[]::new));
        argv.addAll(List.of("serve", "--state-dir", stateDir.toString()));
        argv.addAll(List.of(extra));
        return launch(argv, stateDir, javaOpts);
    }

    private static AgentProcess launch(List<String> argv, Path stateDir, String javaOpts) {
        Path log = stateDir.resolveSibling(stateDir.getFileName() + "-agent-" + System.nanoTime() + ".log");
        try {
            long t0 = System.currentTimeMillis();
            ProcessBuilder pb = new ProcessBuilder(argv);
            if (javaOpts == null) {
                pb.environment().remove("JAVA_OPTS");
            } else {
                pb.environment().put("JAVA_OPTS", javaOpts);
            }
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new AgentProcess(p, log, t0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Wall-clock millis just before the process was started. */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Resident set size in kB from {@code /proc/<pid>/status}. */
    public long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid());
    }

    /** {@code RssAnon} and {@code RssFile} of {@code /proc/<pid>/status}, as text: what the resident set is made of. */
    public String rssParts() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("RssAnon:") || line.startsWith("RssFile:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                sb.append(sb.length() == 0 ? "" : ", ").append(line, 3, line.indexOf(':')).append(' ')
                        .append(kb / 1024).append(" MB");
            }
        }
        return sb.toString();
    }

    public String comm() throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid()), "comm")).strip();
    }

    /** SIGTERM, then waits; returns the exit code. */
    public int terminate(long timeoutMs) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("agent did not exit within " + timeoutMs + " ms of SIGTERM; log:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL: the agent gets no chance to clean up. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Where the agent's stdout and stderr go: beside the state directory, kept after the process ends. */
    public Path logFile() {
        return log;
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}): SIGSTOP freezes the agent without letting it clean up. */
    public void signal(String name) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
