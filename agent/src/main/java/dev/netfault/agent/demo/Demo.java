package dev.netfault.agent.demo;

import dev.netfault.agent.api.ApiConfig;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code netfault demo}: two namespaces, a server in one, a client load and the agent in the other, and a live view of
 * the client's rate, latency and errors through baseline, each fault this kernel supports, and recovery. Everything it
 * makes is removed at the end and on Ctrl-C.
 */
public final class Demo {

    /** How long each phase lasts; {@code short} is for CI. */
    public enum Schedule {
        SHORT(Duration.ofSeconds(3)), NORMAL(Duration.ofSeconds(10));

        final Duration phase;

        Schedule(Duration phase) {
            this.phase = phase;
        }
    }

    static final int PORT = 8080;
    /** The port of the server's throughput sink, the one the bandwidth phase limits. */
    static final int THROUGHPUT_PORT = 8081;
    static final String RATE = "2mbit";
    private static final String TRANSITION = "~";
    /** Longer than one request deadline plus one reporting window, so no phase shows its predecessor's requests. */
    private static final Duration SETTLE = Duration.ofMillis(2500);

    private final PrintWriter out;
    private final Schedule schedule;
    private final List<String> java;
    private final CommandRunner runner;
    private final DemoNetwork network;
    private final Children children = new Children();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private volatile String label = TRANSITION;
    private Path work;
    private NetfaultShell shell;

    /**
     * @param java how to start this program in a child: {@code [java, -cp, CLASSPATH, main class]}
     */
    public Demo(PrintWriter out, Schedule schedule, List<String> java, CommandRunner runner) {
        this.out = out;
        this.schedule = schedule;
        this.java = List.copyOf(java);
        this.runner = runner;
        this.network = new DemoNetwork(runner);
    }

    /** Runs the whole demo; 0 when every phase ran, 1 when a fault could not be started. */
    public int run() throws InterruptedException, IOException {
        Thread hook = new Thread(this::cleanupQuietly, "nfdemo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean ok = false;
        try {
            work = Files.createTempDirectory("nfdemo");
            say("netfault demo: namespaces " + network.client() + " (client " + DemoNetwork.CLIENT_IP + ", agent) and "
                    + network.server() + " (server " + DemoNetwork.SERVER_IP + ":" + PORT + "), " + schedule.phase.toSeconds()
                    + " s per phase");
            network.create();
            startServer();
            shell = children.shell(DemoNetwork.in(network.client(), cli(List.of("demo", "shell", "--local-ports", "32768-51679"))), work.resolve("shell.log"));
            startAgent();
            startLoad();
            ok = phases();
            return ok ? 0 : 1;
        } finally {
            cleanup(ok);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already running the hook
            }
        }
    }

    private boolean phases() throws InterruptedException, IOException {
        boolean ok = true;
        phase("baseline", "no fault", null, null);
        ok &= phase("blackhole", "every TCP packet to " + DemoNetwork.SERVER_IP + ":" + PORT + " silently dropped",
                List.of("blackhole", "start", "--port", String.valueOf(PORT), "--duration", faultSeconds()),
                List.of("blackhole", "stop", "--port", String.valueOf(PORT)));
        ok &= phase("loss 20%", "20% of packets to " + DemoNetwork.SERVER_IP + " silently dropped",
                List.of("loss", "start", "--percent", "20", "--sources", DemoNetwork.SERVER_IP, "--duration", faultSeconds()),
                List.of("loss", "stop"));
        ok &= bandwidthPhase();
        String noNetem = netemMissing();
        if (noNetem == null) {
            ok &= phase("latency", "100 ms added to packets to " + DemoNetwork.SERVER_IP,
                    List.of("latency", "start", "--delay", "100ms", "--sources", DemoNetwork.SERVER_IP, "--duration", faultSeconds()),
                    List.of("latency", "stop"));
        } else {
            say("latency: skipped - this kernel has no sch_netem (" + noNetem + ")");
        }
        phase("recovery", "all faults stopped", null, null);
        return ok;
    }

    /** Runs one phase: start the fault, show the load for the phase's length, stop it, let the client settle. */
    private boolean phase(String name, String what, List<String> start, List<String> stop)
            throws InterruptedException, IOException {
        say("== " + name + ": " + what);
        if (start != null && netfault(start) != 0) {
            say(name + ": could not start the fault (see the agent's answer above); skipping this phase");
            return false;
        }
        label = name;
        Thread.sleep(schedule.phase.toMillis());
        label = TRANSITION;
        if (stop != null) {
            netfault(stop);
            Thread.sleep(SETTLE.toMillis());
        }
        return true;
    }

    /**
     * TCP throughput to the server's second port before, during and after a 2 Mbit/s limit on that port only (tbf on an
     * ifb: works without sch_netem); the request load on {@value #PORT} goes on unshaped meanwhile.
     */
    private boolean bandwidthPhase() throws InterruptedException, IOException {
        String name = "bandwidth";
        say("== " + name + ": TCP to " + DemoNetwork.SERVER_IP + ":" + THROUGHPUT_PORT + " limited to 2 Mbit/s (port "
                + PORT + " unshaped)");
        label = name;
        boolean ok = throughput(name, "before", 2);
        if (netfault(List.of("bandwidth", "start", "--rate", RATE, "--ports", String.valueOf(THROUGHPUT_PORT), "--protocol",
                "tcp", "--duration", faultSeconds())) != 0) {
            label = TRANSITION;
            say(name + ": could not start the fault (see the agent's answer above); skipping this phase");
            return false;
        }
        ok &= throughput(name, "during", (int) Math.min(5, Math.max(3, schedule.phase.toSeconds())));
        netfault(List.of("bandwidth", "stop"));
        ok &= throughput(name, "after", 2);
        label = TRANSITION;
        return ok;
    }

    /** One throughput measurement through the client namespace's shell, printed as {@code bandwidth  | during ...}. */
    private boolean throughput(String name, String when, int seconds) throws IOException, InterruptedException {
        Children.Result r = shell.exec(List.of("demo", "blast", "--target", DemoNetwork.SERVER_IP + ":" + THROUGHPUT_PORT,
                "--seconds", String.valueOf(seconds)));
        String line = r.output().lines().filter(l -> l.startsWith("throughput ")).findFirst().orElse(null);
        if (r.exitCode() != 0 || line == null) {
            say(String.format("%-10s | throughput %-6s failed: %s", name, when, r.output().strip()));
            return false;
        }
        long kbit = Long.parseLong(line.substring("throughput ".length()).strip());
        say(String.format(Locale.ROOT, "%-10s | throughput %-6s %12s  (%d kbit/s, TCP to port %d)", name, when,
                DemoThroughput.human(kbit), kbit, THROUGHPUT_PORT));
        return true;
    }

    private String faultSeconds() {
        return (schedule.phase.toSeconds() + 60) + "s";
    }

    /** Runs {@code netfault <args>} in the client namespace (where the agent listens on 127.0.0.1), echoing it. */
    private int netfault(List<String> args) throws IOException, InterruptedException {
        say("  $ netfault " + String.join(" ", args));
        Children.Result r = shell.exec(args);
        r.output().lines().forEach(l -> say("    " + l));
        return r.exitCode();
    }

    private List<String> cli(List<String> args) {
        List<String> argv = new ArrayList<>(java);
        argv.addAll(args);
        return argv;
    }

    private void startServer() throws IOException, InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        children.start(DemoNetwork.in(network.server(), cli(List.of("demo", "server", "--listen",
                DemoNetwork.SERVER_IP + ":" + PORT, "--throughput", DemoNetwork.SERVER_IP + ":" + THROUGHPUT_PORT))),
                work.resolve("server.log"), line -> ready.countDown());
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the demo server did not start within 30 s; see " + work.resolve("server.log"));
        }
    }

    private void startAgent() throws IOException, InterruptedException {
        Path log = work.resolve("agent.log");
        children.start(DemoNetwork.in(network.client(), cli(List.of("serve", "--listen", ApiConfig.DEFAULT_LISTEN,
                "--state-dir", work.resolve("state").toString()))), log, line -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (shell.exec(List.of("list")).exitCode() == 0) {
                say("agent: serving on " + ApiConfig.DEFAULT_LISTEN + " in " + network.client());
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the agent did not answer within 30 s; its log: " + tail(log));
    }

    /** Starts the client and waits for its first report, so the baseline phase shows a running load. */
    private void startLoad() throws IOException, InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        children.start(DemoNetwork.in(network.client(), cli(List.of("demo", "load", "--target",
                DemoNetwork.SERVER_IP + ":" + PORT))), work.resolve("load.log"), line -> {
                    say(String.format("%-10s | %s", label, line));
                    first.countDown();
                });
        if (!first.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the demo client reported nothing within 30 s; see " + work.resolve("load.log"));
        }
    }

    /** null when netem works in the client namespace, else the kernel's answer. */
    private String netemMissing() throws InterruptedException {
        Command add = Command.of(DemoNetwork.in(network.client(),
                List.of("tc", "qdisc", "add", "dev", "lo", "root", "handle", "4e4f:", "netem", "delay", "1ms")));
        CommandResult r = runner.run(add, Duration.ofSeconds(10));
        if (r.ok()) {
            runner.run(Command.of(DemoNetwork.in(network.client(), List.of("tc", "qdisc", "del", "dev", "lo", "root"))),
                    Duration.ofSeconds(10));
            return null;
        }
        String why = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
        return "'tc qdisc add ... netem' said: " + (why.isEmpty() ? "exit " + r.exitCode() : why);
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Ctrl-C / SIGTERM: the operator chose to stop, so nothing is kept, not even the logs. */
    private void cleanupQuietly() {
        try {
            cleanup(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanup(boolean deleteLogs) throws InterruptedException {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        label = TRANSITION;
        children.stopAll(10);
        network.delete();
        if (work != null && (deleteLogs || Files.exists(work.resolve("state")))) {
            deleteTree(deleteLogs ? work : work.resolve("state"));
        }
        say("cleanup: stopped the agent, server and client; deleted " + network.client() + " and " + network.server()
                + (deleteLogs || work == null ? "" : "; logs kept in " + work));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
