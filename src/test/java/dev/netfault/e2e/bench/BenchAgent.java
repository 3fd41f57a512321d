package dev.netfault.e2e.bench;

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
 * The agent as users run it: the launcher {@code agent/src/main/sh/netfault} (its default JVM flags, or {@code JAVA_OPTS}
 * when given) with {@code NETFAULT_JAR} pointing at the built jar, inside a namespace. {@code ip netns exec} and the
 * launcher both exec, so {@link #pid()} is the agent's JVM.
 */
final class BenchAgent implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startedAtMillis;

    private BenchAgent(Process process, Path log, long startedAtMillis) {
        this.process = process;
        this.log = log;
        this.startedAtMillis = startedAtMillis;
    }

    static Path root() {
        return Path.of(System.getProperty("netfault.root", ".")).toAbsolutePath().normalize();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("netfault.jar", "agent/target/netfault.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            System.out.println("SKIPPED (bench): no agent jar at " + jar + " (scripts/bench.sh builds it)");
        }
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no agent jar at " + jar);
        return jar;
    }

    /** Starts {@code netfault serve --state-dir DIR extra...}; {@code javaOpts} null keeps the launcher's defaults. */
    static BenchAgent start(Netns ns, Path stateDir, String javaOpts, String... extra) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "bash",
                root().resolve("agent/src/main/sh/netfault").toString(), "serve", "--state-dir", stateDir.toString()));
        argv.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("NETFAULT_JAR", jar().toString());
        if (javaOpts != null) {
            pb.environment().put("JAVA_OPTS", javaOpts);
        } else {
            pb.environment().remove("JAVA_OPTS");
        }
        Path log = stateDir.resolveSibling(stateDir.getFileName() + "-agent-" + System.nanoTime() + ".log");
        try {
            long t0 = System.currentTimeMillis();
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new BenchAgent(p, log, t0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    long startedAtMillis() {
        return startedAtMillis;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** VmRSS in kB from {@code /proc/<pid>/status}. */
    long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid());
    }

    /** {@code RssAnon} and {@code RssFile} of {@code /proc/<pid>/status}, as text: what the resident set is made of. */
    String rssParts() throws IOException {
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

    /** SIGKILL, and waits for the process to be gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM (the agent reverts its faults), SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
